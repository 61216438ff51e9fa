"""The publisher's one AAC encoder, read back from what it wrote: either quantiser search keeps the audio."""

from __future__ import annotations

import av
import numpy as np
import pytest

from stream.publish import Publisher, Tick
from stream.segment import Segment, prepare_segment


def decoded_audio(path) -> np.ndarray:
    with av.open(str(path)) as container:
        return np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)


@pytest.mark.parametrize("coder", ["fast", "twoloop"])
def test_published_audio_decodes_back_to_the_segments_samples(tmp_path, slates, fmt, coder):
    prepared = prepare_segment(Segment(id="long", path=slates["long"]), fmt)
    out = tmp_path / "out.flv"
    publisher = Publisher(str(out), fmt, slates["idle"], aac_coder=coder, queue_frames=prepared.frames + 1)
    publisher.start()
    spf = fmt.samples_per_frame
    for i, packet in enumerate(prepared.packets):
        publisher.offer(Tick(i, packet.index, packet.decode_index, packet.keyframe, packet.data,
                             prepared.audio[:, i * spf:(i + 1) * spf]))
    publisher.close()
    assert publisher.stats.sent_frames == prepared.frames and publisher.stats.dropped_frames == 0

    sent, got = prepared.audio[0], decoded_audio(out)[0]
    lags = range(0, 4096)  # the encoder's priming delay, whatever it is
    middle = sent[spf * 10: spf * 140]
    errors = [np.mean((got[spf * 10 + lag: spf * 140 + lag] - middle) ** 2) for lag in lags]
    snr_db = 10 * np.log10(np.mean(middle ** 2) / min(errors))
    assert snr_db > 15, f"{coder}: {snr_db:.1f} dB"
