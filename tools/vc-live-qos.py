#!/usr/bin/python3
"""How vcolorize keeps up where it is slower than the video: a moving test pattern (live
or not) through the element into a synchronised fakesink that drops what comes later than
--max-lateness, as a video sink does. Prints the wall time against the stream's length,
the frames the element dropped (its QoS messages) and the frames the sink showed and
threw away late.

    GST_PLUGIN_PATH=build/gst /usr/bin/python3 tools/vc-live-qos.py [--fps 30] \
        [--frames 150] [--network-size 64] [--not-live] [--latency NS] [--queue] \
        [--throttle NS] [--caps-rate N/D]

--caps-rate gives the frames another rate in their caps than the source's (0/1: none), as
a camera slowed down by the dark, or a stream without a rate, does.
"""
import argparse
import time

import gi

gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--fps', type=int, default=30)
    p.add_argument('--frames', type=int, default=150)
    p.add_argument('--size', default='640x480')
    p.add_argument('--network-size', type=int, default=64)
    p.add_argument('--refs', default='samples/vtest-ref.jpg')
    p.add_argument('--not-live', action='store_true', help='a file played in time')
    p.add_argument('--latency', type=int, default=0, help="the element's extra latency, ns")
    p.add_argument('--max-lateness', type=int, default=20000000, help="the sink's, ns")
    p.add_argument('--queue', action='store_true', help='a queue before the sink')
    p.add_argument('--caps-rate', help='the frame rate the caps say (0/1: none)')
    p.add_argument('--throttle', type=int, default=0,
                   help="the sink's throttle-time: ns to leave between frames shown")
    args = p.parse_args()
    Gst.init(None)
    w, h = args.size.split('x')
    pipeline = Gst.parse_launch(
        'videotestsrc is-live=%s num-buffers=%d pattern=ball ! '
        'video/x-raw,format=GRAY8,width=%s,height=%s,framerate=%d/1 ! %s'
        'vcolorize name=c refs=%s network-size=%d latency=%d %s ! '
        'fakesink name=sink sync=true qos=true max-lateness=%d throttle-time=%d'
        % ('false' if args.not_live else 'true', args.frames, w, h, args.fps,
           'capssetter caps=video/x-raw,framerate=%s ! ' % args.caps_rate
           if args.caps_rate else '', args.refs,
           args.network_size, args.latency, '! queue' if args.queue else '',
           args.max_lateness, args.throttle))
    bus = pipeline.get_bus()
    start = time.time()
    pipeline.set_state(Gst.State.PLAYING)
    dropped = 0
    while True:
        msg = bus.timed_pop_filtered(
            Gst.CLOCK_TIME_NONE,
            Gst.MessageType.EOS | Gst.MessageType.ERROR | Gst.MessageType.QOS)
        if msg.type == Gst.MessageType.QOS:
            if msg.src.get_name() == 'c':
                dropped = msg.parse_qos_stats()[2]
            continue
        if msg.type == Gst.MessageType.ERROR:
            raise SystemExit('error: %s' % msg.parse_error()[0].message)
        break
    wall = time.time() - start
    stats = pipeline.get_by_name('sink').get_property('stats')
    print('%s %s at %d fps%s, %d frames, network size %d: %.1f s for a %.1f s stream; element '
          'dropped %d; sink showed %d and threw away %d late'
          % ('not live' if args.not_live else 'live', args.size, args.fps,
             ' (caps: %s)' % args.caps_rate if args.caps_rate else '', args.frames,
             args.network_size, wall, args.frames / args.fps, dropped,
             stats.get_value('rendered'), stats.get_value('dropped')))
    pipeline.set_state(Gst.State.NULL)


if __name__ == '__main__':
    main()
