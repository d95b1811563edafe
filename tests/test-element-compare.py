#!/usr/bin/python3
"""The vcolorizecompare element: its per-frame figures agree with tools/vc-quality.py's on the
same frames (two implementations, one definition), the video passes through untouched, frames
are paired by time, and bad input gives an error."""
import importlib.util
import math
import os
import unittest

import gi
import numpy as np

gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools', 'vc-quality.py')
spec = importlib.util.spec_from_file_location('vc_quality', TOOL)
vq = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vq)

FRAME = Gst.SECOND // 25
# byte order of each format's R, G, B within a pixel, and bytes per pixel
LAYOUT = {'RGBx': ((0, 1, 2), 4), 'BGRx': ((2, 1, 0), 4), 'xRGB': ((1, 2, 3), 4),
          'BGR': ((2, 1, 0), 3)}


def to_bytes(rgb, fmt):
    """An RGB array (h, w, 3) as a GStreamer buffer of FMT (rows padded to 4 bytes)."""
    (order, bpp), (h, w) = LAYOUT[fmt], rgb.shape[:2]
    stride = (w * bpp + 3) // 4 * 4
    out = np.zeros((h, stride), np.uint8)
    for c, pos in enumerate(order):
        out[:, pos:w * bpp:bpp] = rgb[..., c]
    return out.tobytes()


def run(video, truth, video_fmt='RGBx', truth_fmt='BGRx', truth_times=None, props=''):
    """Runs VIDEO and TRUTH (lists of RGB arrays) through the element; returns the buffers that
    came out, the element's messages and the error, if any."""
    h, w = video[0].shape[:2]
    th, tw = truth[0].shape[:2]
    p = Gst.parse_launch(
        'appsrc name=v format=time caps=video/x-raw,format=%s,width=%d,height=%d,framerate=25/1 '
        '! vcolorizecompare name=c %s ! appsink name=out sync=false '
        'appsrc name=t format=time caps=video/x-raw,format=%s,width=%d,height=%d,framerate=25/1 '
        '! c.truth' % (video_fmt, w, h, props, truth_fmt, tw, th))
    out = p.get_by_name('out')
    got = []
    out.set_property('emit-signals', True)

    def on_sample(sink):
        b = sink.emit('pull-sample').get_buffer()
        got.append((b.pts, b.extract_dup(0, b.get_size())))
        return Gst.FlowReturn.OK
    out.connect('new-sample', on_sample)
    p.set_state(Gst.State.PLAYING)
    for src, frames, fmt, times in ((p.get_by_name('v'), video, video_fmt, None),
                                    (p.get_by_name('t'), truth, truth_fmt, truth_times)):
        for i, rgb in enumerate(frames):
            b = Gst.Buffer.new_wrapped(to_bytes(rgb, fmt))
            b.pts = (times[i] if times else i) * FRAME
            b.duration = FRAME
            src.emit('push-buffer', b)
        src.emit('end-of-stream')
    bus, messages, error = p.get_bus(), [], None
    while True:
        m = bus.timed_pop_filtered(60 * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR
                                   | Gst.MessageType.ELEMENT)
        if m is None:
            raise AssertionError('no EOS within 60 s')
        if m.type == Gst.MessageType.ELEMENT:
            messages.append(m.get_structure())
        elif m.type == Gst.MessageType.ERROR:
            error = m.parse_error()[0]
            break
        else:
            break
    p.set_state(Gst.State.NULL)
    return got, messages, error


def per_frame(messages):
    return [m for m in messages if m.get_name() == 'vcolorize-compare']


def summary(messages):
    return next(m for m in messages if m.get_name() == 'vcolorize-compare-summary')


class Compare(unittest.TestCase):
    rng = np.random.default_rng(5)

    def frames(self, n, h=23, w=37):
        return [self.rng.integers(0, 256, (h, w, 3), dtype=np.uint8) for _ in range(n)]

    def test_figures_agree_with_the_quality_tool(self):
        truth = self.frames(3)
        # near, far and identical
        noise = self.rng.integers(-6, 7, truth[0].shape)
        video = [np.clip(truth[0] + noise, 0, 255).astype(np.uint8), self.frames(1)[0],
                 truth[2].copy()]
        got, messages, error = run(video, truth)
        self.assertIsNone(error)
        frames = per_frame(messages)
        self.assertEqual(len(frames), 3)
        for i, m in enumerate(frames):
            want = vq.full_reference(video[i], truth[i])
            self.assertEqual(m.get_value('frame'), i)
            self.assertEqual(m.get_value('timestamp'), i * FRAME)
            if math.isinf(want['psnr']):
                self.assertTrue(math.isinf(m.get_value('psnr')))
            else:
                self.assertAlmostEqual(m.get_value('psnr'), want['psnr'], places=9)
            self.assertAlmostEqual(m.get_value('mse'), want['rmse'] ** 2, places=6)
            self.assertAlmostEqual(m.get_value('ssim'), want['ssim'], places=9)
        self.assertAlmostEqual(frames[2].get_value('ssim'), 1.0, places=12)
        s = summary(messages)
        self.assertEqual(s.get_value('frames'), 3)
        self.assertEqual(s.get_value('identical'), 1)
        self.assertAlmostEqual(s.get_value('mean-psnr'),
                               (frames[0].get_value('psnr') + frames[1].get_value('psnr')) / 2)
        # the video went through untouched, in order
        self.assertEqual([pts for pts, _ in got], [i * FRAME for i in range(3)])
        for (_, data), rgb in zip(got, video):
            self.assertEqual(data, to_bytes(rgb, 'RGBx'))

    def test_ssim_in_bands(self):
        # tall enough for the element to share the SSIM's rows among threads
        truth = self.frames(1, h=301, w=41)
        noise = self.rng.integers(-20, 21, truth[0].shape)
        video = [np.clip(truth[0] + noise, 0, 255).astype(np.uint8)]
        _, messages, error = run(video, truth)
        self.assertIsNone(error)
        m = per_frame(messages)[0]
        self.assertAlmostEqual(m.get_value('ssim'), vq.full_reference(video[0], truth[0])['ssim'],
                               places=9)

    def test_other_formats_and_no_ssim(self):
        truth = self.frames(2)
        video = [np.clip(t.astype(int) + 3, 0, 255).astype(np.uint8) for t in truth]
        _, messages, error = run(video, truth, video_fmt='BGR', truth_fmt='xRGB',
                                 props='ssim=false')
        self.assertIsNone(error)
        for m, v, t in zip(per_frame(messages), video, truth):
            self.assertAlmostEqual(m.get_value('psnr'), vq.full_reference(v, t)['psnr'], places=9)
            self.assertFalse(m.has_field('ssim'))

    def test_frames_paired_by_time(self):
        # the truth lacks frame 1: frames 0 and 2 are compared, 1 passes through unmeasured
        truth = self.frames(2)
        video = [truth[0], self.frames(1)[0], truth[1]]
        got, messages, error = run(video, truth, truth_times=[0, 2])
        self.assertIsNone(error)
        self.assertEqual([m.get_value('frame') for m in per_frame(messages)], [0, 2])
        self.assertTrue(all(math.isinf(m.get_value('psnr')) for m in per_frame(messages)))
        self.assertEqual(len(got), 3)

    def test_sizes_must_match(self):
        _, _, error = run(self.frames(1), self.frames(1, 24, 37))
        self.assertIsNotNone(error)
        self.assertTrue(error.matches(Gst.StreamError.quark(), Gst.StreamError.FORMAT))
        self.assertIn('must be of one size', error.message)


if __name__ == '__main__':
    Gst.init(None)
    unittest.main()
