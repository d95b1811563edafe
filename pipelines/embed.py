#!/usr/bin/python3
"""Embedding vcolorize in a Python application (PyGObject).

An archive-ingest job as an application would write it: decode any video
file, colorize it from reference pictures, encode the result to a file and,
on a second branch, hand every colorized frame to the application (here it
measures each frame's colourfulness, the way a QA step would). The
application watches the bus: errors come with their domain and a message a
person can act on, and the element's own messages (scene cuts, keyframes:
structures named vcolorize-*) are logged with their frame numbers.

    pipelines/embed.py IN OUT [--refs A.jpg,B.png] [--network-size N]
                              [--device N] [--model FILE] [--no-temporal]

OUT's extension picks the encoder: .webm or .mkv (VP8), .avi (MJPEG).
Prints one line per second of progress and a summary; exits with status 1
on an error (and says which element failed and why), 0 otherwise.

Needs python3-gi, gir1.2-gstreamer-1.0 and gir1.2-gst-plugins-base-1.0, and
the plugin on GStreamer's path (GST_PLUGIN_PATH=build/gst for a build tree).
"""
import argparse
import os
import sys
import time

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstApp', '1.0')
from gi.repository import GLib, Gst, GstApp  # noqa: E402  (after require_version)

ENCODERS = {
    '.webm': ('vp8enc', 'webmmux'),
    '.mkv': ('vp8enc', 'matroskamux'),
    '.avi': ('jpegenc', 'avimux'),
}
# Every Nth pixel of every Nth row is measured: enough for a per-frame figure.
SAMPLE_STEP = 4


def make(factory, **props):
    element = Gst.ElementFactory.make(factory, None)
    if element is None:
        raise RuntimeError(f'GStreamer element "{factory}" is missing: is its plugin installed?')
    for name, value in props.items():
        element.set_property(name.replace('_', '-'), value)
    return element


def colourfulness(data, width, height, stride):
    """Hasler and Suesstrunk's colourfulness of packed RGB bytes (sampled)."""
    rg = []
    yb = []
    for y in range(0, height, SAMPLE_STEP):
        row = y * stride
        for x in range(0, width, SAMPLE_STEP):
            r, g, b = data[row + 3 * x], data[row + 3 * x + 1], data[row + 3 * x + 2]
            rg.append(r - g)
            yb.append(0.5 * (r + g) - b)

    def mean_std(v):
        m = sum(v) / len(v)
        return m, (sum((x - m) ** 2 for x in v) / len(v)) ** 0.5

    (mrg, srg), (myb, syb) = mean_std(rg), mean_std(yb)
    return (srg ** 2 + syb ** 2) ** 0.5 + 0.3 * (mrg ** 2 + myb ** 2) ** 0.5


class Job:
    def __init__(self, args):
        ext = os.path.splitext(args.output)[1].lower()
        if ext not in ENCODERS:
            raise RuntimeError(f'{args.output}: unknown output type (use .webm, .mkv or .avi)')
        if not os.path.isfile(args.input):
            raise RuntimeError(f'{args.input}: no such file')

        self.pipeline = Gst.Pipeline.new('embed')
        src = make('filesrc', location=args.input)
        decode = make('decodebin')
        convert_in = make('videoconvert')
        self.vcolorize = make('vcolorize', network_size=args.network_size, device=args.device,
                              temporal=not args.no_temporal)
        if args.refs:
            self.vcolorize.set_property('refs', args.refs)
        if args.model:
            self.vcolorize.set_property('model', args.model)
        tee = make('tee')
        encoder, muxer = ENCODERS[ext]
        to_file = [make('queue'), make('videoconvert'), make(encoder), make(muxer),
                   make('filesink', location=args.output)]
        self.appsink = make('appsink', emit_signals=True, sync=False, max_buffers=2, drop=False,
                            caps=Gst.Caps.from_string('video/x-raw,format=RGB'))
        to_app = [make('queue'), make('videoconvert'), self.appsink]

        for e in [src, decode, convert_in, self.vcolorize, tee] + to_file + to_app:
            self.pipeline.add(e)
        src.link(decode)
        # decodebin's video pad appears once it has looked at the file
        decode.connect('pad-added', self.on_pad_added, convert_in)
        convert_in.link(self.vcolorize)
        self.vcolorize.link(tee)
        for branch in (to_file, to_app):
            tee.link(branch[0])
            for a, b in zip(branch, branch[1:]):
                a.link(b)
        self.appsink.connect('new-sample', self.on_sample)

        self.loop = GLib.MainLoop()
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect('message', self.on_message)
        self.frames = 0
        self.colourfulness = 0.0
        self.events = []
        self.failed = False
        self.started = None

    def on_pad_added(self, _decode, pad, convert):
        caps = pad.get_current_caps() or pad.query_caps(None)
        if caps.get_structure(0).get_name().startswith('video/'):
            sink = convert.get_static_pad('sink')
            if not sink.is_linked():
                pad.link(sink)

    def on_sample(self, sink):
        # the streaming thread: keep it short, touch only this object's counters
        sample = sink.emit('pull-sample')
        s = sample.get_caps().get_structure(0)
        width, height = s.get_value('width'), s.get_value('height')
        buf = sample.get_buffer()
        ok, info = buf.map(Gst.MapFlags.READ)
        if ok:
            stride = (width * 3 + 3) & ~3  # GStreamer's default RGB row stride
            self.colourfulness += colourfulness(info.data, width, height, stride)
            buf.unmap(info)
        self.frames += 1
        return Gst.FlowReturn.OK

    def on_message(self, _bus, msg):
        if msg.type == Gst.MessageType.ERROR:
            err, debug = msg.parse_error()
            print(f'error from {msg.src.get_name()} ({err.domain}): '
                  f'{err.message}', file=sys.stderr)
            if debug:
                print(f'  {debug}', file=sys.stderr)
            self.failed = True
            self.loop.quit()
        elif msg.type == Gst.MessageType.WARNING:
            err, _debug = msg.parse_warning()
            print(f'warning from {msg.src.get_name()}: {err.message}', file=sys.stderr)
        elif msg.type == Gst.MessageType.EOS:
            self.loop.quit()
        elif msg.type == Gst.MessageType.ELEMENT:
            s = msg.get_structure()
            if s is not None and s.get_name().startswith('vcolorize-'):
                self.events.append(s.to_string())
                print(f'{s.get_name()}: {s.to_string()}')
        elif msg.type == Gst.MessageType.STATE_CHANGED and msg.src == self.pipeline:
            _old, new, _pending = msg.parse_state_changed()
            if new == Gst.State.PLAYING and self.started is None:
                self.started = time.monotonic()
                print(f'running on {self.vcolorize.get_property("device-name")}')

    def on_progress(self):
        ok, pos = self.pipeline.query_position(Gst.Format.TIME)
        ok2, dur = self.pipeline.query_duration(Gst.Format.TIME)
        if ok and ok2 and dur > 0:
            print(f'{pos / Gst.SECOND:.1f} / {dur / Gst.SECOND:.1f} s, {self.frames} frames')
        return True

    def run(self):
        GLib.timeout_add_seconds(1, self.on_progress)
        if self.pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            self.failed = True  # the error message on the bus says why
        else:
            self.loop.run()
        # the error, if any, is still on the bus when the state change failed
        msg = self.pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
        if msg is not None:
            self.on_message(None, msg)
        self.pipeline.set_state(Gst.State.NULL)
        if self.failed:
            return 1
        seconds = time.monotonic() - self.started if self.started else 0.0
        mean = self.colourfulness / self.frames if self.frames else 0.0
        fps = self.frames / seconds if seconds > 0 else 0.0
        print(f'done: {self.frames} frames in {seconds:.1f} s ({fps:.2f} fps), '
              f'mean colourfulness {mean:.1f}, {len(self.events)} element messages')
        return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('input')
    p.add_argument('output')
    p.add_argument('--refs', default='', help='comma-separated reference images')
    p.add_argument('--network-size', type=int, default=256)
    p.add_argument('--device', type=int, default=-1, help='Vulkan device index (-1: the best)')
    p.add_argument('--model', default='', help='model file (default: the installed one)')
    p.add_argument('--no-temporal', action='store_true', help='no previous-frame memory')
    args = p.parse_args()

    Gst.init(None)
    try:
        job = Job(args)
    except RuntimeError as e:
        print(f'embed.py: {e}', file=sys.stderr)
        return 1
    return job.run()


if __name__ == '__main__':
    sys.exit(main())
