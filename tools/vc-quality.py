#!/usr/bin/python3
"""Measure the colorization quality of the vcolorize element on clips with known colours.

    /usr/bin/python3 tools/vc-quality.py ../shared/data/dev_eval/video --frames 20

CLIPS is a folder of clips, each a subfolder of numbered colour frames (00000.jpg, 00001.png,
...), or one such clip folder. For every clip, frame 0 in colour is the reference and frames
1..N are the video: their lightness goes into the real element as GRAY8 (the sRGB-encoded gray
of each pixel's L*, the element's own reading of GRAY8) through an appsrc; frame 0 goes, as
RGB, through a second appsrc into a `ref_%u` request pad; an appsink takes the element's RGB
output. The element runs with its defaults unless an option says otherwise (`--no-memory` sets
temporal=false; `--no-reference` gives the element no reference at all, so "model" is its
automatic mode, while the baselines still use frame 0). The plugin is found on GST_PLUGIN_PATH, or in build/gst beside this tool.

Scored in the same run, on the same frames:
  model     the element's output, as it writes it (RGB, 8-bit, its own lightness from GRAY8)
  gray      a*b* = 0
  tint      global colour transfer (Reinhard et al. 2001) in Lab from the reference: the target
            keeps its own L*, its a*, b* take the reference's mean and standard deviation. The
            target is gray, so its a*b* have no spread to rescale and the transfer is the
            reference's mean a*b* everywhere
  lum-bins  each pixel gets the reference's mean a*b* at its L* (32 equal bins of L* over
            [0, 100]; an empty bin takes the nearest filled one's), as models/train/eval_dev.py
  copy      the reference's a*b* at the same pixel
The baselines combine their a*b* with the true frame's own L* (float) and are converted to RGB
and rounded to 8 bits as the element does (exact sRGB companding, D65 white, gamut clipped).

Full-reference metrics, per frame over all pixels and the three RGB channels together, K the
true frame and Q the method's, both 8-bit values as floats, n the number of values:
  PSNR   10 log10(255^2 / MSE), MSE = sum (K - Q)^2 / n                 (dB, higher is better)
  SSIM   mean SSIM of R, G and B: 11x11 gaussian window (sigma 1.5) over the valid positions,
         C1 = (0.01*255)^2, C2 = (0.03*255)^2                                      (1 is best)
  AD     average difference, sum (K - Q) / n, signed                               (0 is best)
  RMSE   sqrt(MSE)                                                                 (0 is best)
  MD     maximum difference, max |K - Q|                                           (0 is best)
  SC     structural content, sum Q^2 / sum K^2                                     (1 is best)
  NAE    normalised absolute error, sum |K - Q| / sum K                            (0 is best)
  NCC    normalised cross-correlation, sum K*Q / sum K^2                           (1 is best)
  PCC    Pearson's correlation coefficient of the values of K and Q                (1 is best)
(AD to PCC as seed 000 §4 defines them; its equation 13 puts the processed image's energy over
the original's in SC, where Eskicioglu and Fisher's SC is the inverse.) A clip's value is the
mean over its frames; the summary is the mean over clips.

Metrics of the method's frames alone (also given for the true frames, to compare with):
  colourfulness  Hasler and Suesstrunk (2003): with rg = R - G and yb = (R + G)/2 - B over the
                 frame's pixels (8-bit), sqrt(var rg + var yb) + 0.3 sqrt(mean(rg)^2 + mean(yb)^2);
                 mean over frames
  CDC            colour distribution consistency: for dilations d = 1, 2, 4, the Jensen-Shannon
                 divergence (natural log) between the 256-bin histograms, normalised to sum 1,
                 of frames t and t + d, averaged over R, G, B and over the pairs of the clip's
                 colorized frames; then the mean over the three dilations (lower: steadier)
  still |dab|    between consecutive colorized frames, the mean of |delta a*| and |delta b*|
                 over the pixels whose true L* changed by less than 2 (the frame's a*b* are read
                 back from its 8-bit RGB); averaged over the pairs (lower: less flicker)

Prints a table per clip and the means, and writes them as JSON (--json) and a contact sheet of
a few frames per clip (--sheet). --min-psnr and --above make it a check: it exits with status 1
when the model's mean PSNR is below the floor or not above a named baseline's on every clip.
"""
import argparse
import json
import math
import os
import re
import sys
import time

import numpy as np
from PIL import Image, ImageDraw

try:
    import gi
    gi.require_version('Gst', '1.0')
    gi.require_version('GstApp', '1.0')
    gi.require_version('GstVideo', '1.0')
    from gi.repository import Gst, GstApp, GstVideo  # noqa: F401 (GstApp: appsrc/appsink API)
except (ImportError, ValueError) as e:
    sys.exit('vc-quality: needs python3-gi, gir1.2-gstreamer-1.0 and gir1.2-gst-plugins-base-1.0 '
             '(tools/bootstrap.sh installs them): %s' % e)

BASELINES = ('gray', 'tint', 'lum-bins', 'copy')
METHODS = ('model',) + BASELINES
FULL_REFERENCE = ('psnr', 'ssim', 'ad', 'rmse', 'md', 'sc', 'nae', 'ncc', 'pcc')
NO_REFERENCE = ('colourfulness', 'cdc', 'still_dab')
COLUMNS = {'psnr': ('PSNR', '%6.2f'), 'ssim': ('SSIM', '%6.4f'), 'ad': ('AD', '%6.2f'),
           'rmse': ('RMSE', '%6.2f'), 'md': ('MD', '%6.1f'), 'sc': ('SC', '%6.4f'),
           'nae': ('NAE', '%6.4f'), 'ncc': ('NCC', '%6.4f'), 'pcc': ('PCC', '%6.4f'),
           'colourfulness': ('colour', '%6.2f'), 'cdc': ('CDC', '%7.5f'),
           'still_dab': ('still|dab|', '%10.3f')}
LUM_BINS = 32
CDC_DILATIONS = (1, 2, 4)
STILL_DL = 2.0
FPS = 10
FRAME_NAME = re.compile(r'^(\d+)\.(jpe?g|png)$', re.IGNORECASE)

# --- colour: exact sRGB (IEC 61966-2-1) <-> CIE L*a*b* relative to D65, as the element -------

WHITE = np.array([0.95047, 1.0, 1.08883])
LAB_EPSILON = 216.0 / 24389.0
LAB_KAPPA = 24389.0 / 27.0


def _rgb_to_xyz_matrix():
    """Linear RGB -> XYZ from the sRGB primaries, scaled so that RGB = 1 is the D65 white."""
    x, y = np.array([0.64, 0.30, 0.15]), np.array([0.33, 0.60, 0.06])
    primaries = np.stack([x / y, np.ones(3), (1.0 - x - y) / y])
    return primaries * np.linalg.solve(primaries, WHITE)


RGB_TO_XYZ = _rgb_to_xyz_matrix()
XYZ_TO_RGB = np.linalg.inv(RGB_TO_XYZ)


def srgb_to_linear(c):
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(c):
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1.0 / 2.4) - 0.055)


def lab_f_inv(f):
    f3 = f ** 3
    return np.where(f3 > LAB_EPSILON, f3, (116.0 * f - 16.0) / LAB_KAPPA)


def rgb_to_lab(rgb):
    """8-bit sRGB (..., 3) -> L*a*b* (..., 3), float64."""
    t = srgb_to_linear(rgb / 255.0) @ RGB_TO_XYZ.T / WHITE
    f = np.where(t > LAB_EPSILON, np.cbrt(t), (LAB_KAPPA * t + 16.0) / 116.0)
    fx, fy, fz = f[..., 0], f[..., 1], f[..., 2]
    return np.stack([116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)], -1)


def quantize(c):
    """[0, 1] -> 8 bits, rounded as the element's pack shader does."""
    return np.floor(np.clip(c, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def lab_to_rgb(lab):
    """L*a*b* (..., 3) -> 8-bit sRGB, out-of-gamut colours clipped."""
    fy = (lab[..., 0] + 16.0) / 116.0
    f = np.stack([fy + lab[..., 1] / 500.0, fy, fy - lab[..., 2] / 200.0], -1)
    return quantize(linear_to_srgb((lab_f_inv(f) * WHITE) @ XYZ_TO_RGB.T))


def l_to_gray(lightness):
    """L* -> the 8-bit sRGB gray of that lightness (what GRAY8 means to the element)."""
    return quantize(linear_to_srgb(lab_f_inv((lightness + 16.0) / 116.0)))


# --- baselines: a*b* for the true frame's L* from the reference ---------------------------------

def lum_bin_index(lightness):
    return np.clip((lightness / 100.0 * LUM_BINS).astype(np.int64), 0, LUM_BINS - 1)


def lum_bins_table(ref_lab):
    """The reference's mean a*b* per L* bin; an empty bin takes the nearest filled bin's."""
    idx = lum_bin_index(ref_lab[..., 0]).ravel()
    counts = np.bincount(idx, minlength=LUM_BINS)
    sums = np.stack([np.bincount(idx, ref_lab[..., c].ravel(), LUM_BINS) for c in (1, 2)], -1)
    filled = np.flatnonzero(counts)
    nearest = filled[np.abs(np.arange(LUM_BINS)[:, None] - filled[None, :]).argmin(1)]
    return sums[nearest] / counts[nearest, None]


class Baselines:
    """Every baseline's a*b* for a frame, from one reference."""

    def __init__(self, ref_lab):
        self.ref_ab = ref_lab[..., 1:]
        self.mean_ab = self.ref_ab.reshape(-1, 2).mean(0)
        self.table = lum_bins_table(ref_lab)

    def ab(self, name, lightness):
        if name == 'gray':
            return np.zeros(lightness.shape + (2,))
        if name == 'tint':
            return np.broadcast_to(self.mean_ab, lightness.shape + (2,))
        if name == 'lum-bins':
            return self.table[lum_bin_index(lightness)]
        if name == 'copy':
            return self.ref_ab
        raise ValueError(name)


# --- metrics ------------------------------------------------------------------------------------

def gaussian_taps(size=11, sigma=1.5):
    x = np.arange(size) - size // 2
    g = np.exp(-x ** 2 / (2 * sigma ** 2))
    return g / g.sum()


SSIM_TAPS = gaussian_taps()


def window_mean(x):
    """Gaussian-weighted mean over the 11x11 windows wholly inside the last two axes."""
    n = len(SSIM_TAPS)
    h, w = x.shape[-2:]
    x = sum(t * x[..., i:w - n + 1 + i] for i, t in enumerate(SSIM_TAPS))
    return sum(t * x[..., i:h - n + 1 + i, :] for i, t in enumerate(SSIM_TAPS))


def ssim(q, k):
    a, b = np.moveaxis(q, -1, 0), np.moveaxis(k, -1, 0)
    ma, mb, aa, bb, ab = window_mean(np.stack([a, b, a * a, b * b, a * b]))
    va, vb, cov = aa - ma * ma, bb - mb * mb, ab - ma * mb
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    s = (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return float(s.mean())


def full_reference(out, truth):
    """The full-reference metrics of one 8-bit RGB frame against the true one."""
    q, k = out.astype(np.float64), truth.astype(np.float64)
    d = k - q
    mse = float(np.mean(d * d))
    energy = float(np.sum(k * k))
    return {'psnr': 10 * math.log10(255.0 ** 2 / mse) if mse > 0 else math.inf,
            'ssim': ssim(q, k),
            'ad': float(d.mean()),
            'rmse': math.sqrt(mse),
            'md': float(np.abs(d).max()),
            'sc': float(np.sum(q * q)) / energy,
            'nae': float(np.abs(d).sum() / k.sum()),
            'ncc': float(np.sum(k * q)) / energy,
            'pcc': float(np.corrcoef(k.ravel(), q.ravel())[0, 1])}


def colourfulness(rgb):
    r, g, b = np.moveaxis(rgb.astype(np.float64), -1, 0)
    rg, yb = r - g, (r + g) / 2 - b
    return float(math.sqrt(rg.var() + yb.var()) + 0.3 * math.hypot(rg.mean(), yb.mean()))


def histograms(rgb):
    """256-bin histogram of each channel, normalised to sum 1: (3, 256)."""
    flat = rgb.reshape(-1, 3)
    return np.stack([np.bincount(flat[:, c], minlength=256) for c in range(3)]) / len(flat)


def js_divergence(p, q):
    m = (p + q) / 2
    with np.errstate(divide='ignore', invalid='ignore'):
        return sum(np.where(x > 0, x * np.log(x / m), 0.0).sum(-1) for x in (p, q)) / 2


def colour_distribution_consistency(hists):
    per_dilation = [np.mean([js_divergence(hists[t], hists[t + d]).mean()
                             for t in range(len(hists) - d)])
                    for d in CDC_DILATIONS if d < len(hists)]
    return float(np.mean(per_dilation)) if per_dilation else math.nan


def mean_or_nan(values):
    return float(np.mean(values)) if len(values) else math.nan


class Track:
    """One method's frames of a clip, scored as they come."""

    def __init__(self):
        self.scores, self.hists, self.still = [], [], []
        self.prev_ab = None

    def add(self, rgb, truth=None, still=None):
        """RGB: the method's frame; TRUTH: the true frame (None for the truth's own track);
        STILL: the mask of pixels whose true L* hardly changed since the previous frame."""
        scores = full_reference(rgb, truth) if truth is not None else {}
        scores['colourfulness'] = colourfulness(rgb)
        self.scores.append(scores)
        self.hists.append(histograms(rgb))
        ab = rgb_to_lab(rgb)[..., 1:]
        if self.prev_ab is not None and still.any():
            self.still.append(float(np.abs(ab - self.prev_ab)[still].mean()))
        self.prev_ab = ab

    def result(self):
        r = {m: mean_or_nan([s[m] for s in self.scores]) for m in self.scores[0]}
        r['cdc'] = colour_distribution_consistency(self.hists)
        r['still_dab'] = mean_or_nan(self.still)
        return r


# --- clips --------------------------------------------------------------------------------------

def clip_frames(folder):
    """The numbered frames of a clip folder, in order."""
    numbered = [(int(m.group(1)), name) for name in os.listdir(folder)
                for m in [FRAME_NAME.match(name)] if m]
    return [os.path.join(folder, name) for _, name in sorted(numbered)]


def find_clips(folder, names):
    if clip_frames(folder):
        clips = [folder]
    else:
        clips = sorted(os.path.join(folder, d) for d in os.listdir(folder)
                       if os.path.isdir(os.path.join(folder, d)))
    if names:
        wanted = set(names.split(','))
        clips = [c for c in clips if os.path.basename(os.path.normpath(c)) in wanted]
    return clips


def load_rgb(path):
    return np.asarray(Image.open(path).convert('RGB'))


def clip_rgbs(folder, first, count, size=None):
    """COUNT frames of the clip in FOLDER from FIRST on, RGB, resized to SIZE (w, h) if given."""
    paths = clip_frames(folder)[first:first + count]
    if not paths:
        raise RuntimeError('%s has no frames %d..' % (folder, first))
    rgbs = [Image.open(p).convert('RGB') for p in paths]
    if size:
        rgbs = [im.resize(size, Image.BICUBIC) for im in rgbs]
    return [np.asarray(im) for im in rgbs]


def gray_of(rgb):
    """RGB's lightness as the GRAY8 frame the element is given."""
    return l_to_gray(rgb_to_lab(rgb)[..., 0])


def mean_scores(outputs, truths):
    """Mean PSNR and SSIM of OUTPUTS against TRUTHS."""
    scores = [full_reference(o, t) for o, t in zip(outputs, truths)]
    return {k: float(np.mean([s[k] for s in scores])) for k in ('psnr', 'ssim')}


# --- the element --------------------------------------------------------------------------------

def make(factory, **props):
    element = Gst.ElementFactory.make(factory, None)
    if element is None:
        sys.exit('vc-quality: no GStreamer element %s%s' % (
            factory, ' (is the plugin on GST_PLUGIN_PATH? build it with ninja -C build)'
            if factory == 'vcolorize' else ''))
    for name, value in props.items():
        element.set_property(name, value)
    return element


def video_caps(fmt, width, height, rate):
    return Gst.Caps.from_string('video/x-raw,format=%s,width=%d,height=%d,framerate=%s'
                                % (fmt, width, height, rate))


def to_buffer(pixels, caps, index):
    """An array of rows (H, W) or (H, W, 3) as a buffer with the caps' row stride."""
    stride = GstVideo.VideoInfo.new_from_caps(caps).stride[0]
    rows = pixels.reshape(pixels.shape[0], -1)
    padded = np.zeros((rows.shape[0], stride), np.uint8)
    padded[:, :rows.shape[1]] = rows
    buf = Gst.Buffer.new_wrapped(padded.tobytes())
    buf.pts = index * Gst.SECOND // FPS
    buf.duration = Gst.SECOND // FPS
    return buf


def from_sample(sample):
    """An RGB sample's pixels as an (H, W, 3) array."""
    info = GstVideo.VideoInfo.new_from_caps(sample.get_caps())
    buf = sample.get_buffer()
    meta = GstVideo.buffer_get_video_meta(buf)
    offset, stride = (meta.offset[0], meta.stride[0]) if meta else (info.offset[0], info.stride[0])
    ok, mapped = buf.map(Gst.MapFlags.READ)
    if not ok:
        raise RuntimeError('cannot map an output buffer')
    try:
        rows = np.ndarray((info.height, info.width * 3), np.uint8, mapped.data, offset,
                          (stride, 1)).copy()
    finally:
        buf.unmap(mapped)
    return rows.reshape(info.height, info.width, 3)


class Element:
    """The vcolorize element in appsrc (GRAY8 video, RGB reference) -> appsink (RGB)."""

    def __init__(self, args):
        self.settings = {'temporal': not args.no_memory}
        self.with_reference = not args.no_reference
        self.extra = args.set or []  # [(name, value as text)]
        if args.network_size:
            self.settings['network-size'] = args.network_size
        if args.device is not None:
            self.settings['device'] = args.device
        if args.model:
            self.settings['model'] = os.path.abspath(args.model)
        self.timeout = args.timeout
        self.info = {}
        self.events = []  # the element's vcolorize-* messages of the last run (structures)

    def colorize(self, ref_rgb, grays, more_refs=()):
        """REF_RGB (and MORE_REFS, each on a pad of its own) the references; GRAYS the video."""
        height, width = ref_rgb.shape[:2]
        video_in = video_caps('GRAY8', width, height, '%d/1' % FPS)
        video = make('appsrc', caps=video_in, format=Gst.Format.TIME)
        vc = make('vcolorize', **self.settings)
        for name, text in self.extra:
            if vc.find_property(name) is None:
                raise RuntimeError('vcolorize has no property %s' % name)
            Gst.util_set_object_arg(vc, name, text)
        sink = make('appsink', caps=Gst.Caps.from_string('video/x-raw,format=RGB'), sync=False)
        pipeline = Gst.Pipeline.new('vc-quality')
        for e in (video, vc, sink):
            pipeline.add(e)
        if not (video.link_pads('src', vc, 'sink') and vc.link(sink)):
            raise RuntimeError('cannot link the pipeline')
        ref_pads = []
        for pixels in ((ref_rgb,) if self.with_reference else ()) + tuple(more_refs):
            ref_in = video_caps('RGB', pixels.shape[1], pixels.shape[0], '0/1')
            ref = make('appsrc', caps=ref_in, format=Gst.Format.TIME)
            pipeline.add(ref)
            ref_pads.append(vc.request_pad_simple('ref_%u'))
            if ref.get_static_pad('src').link(ref_pads[-1]) != Gst.PadLinkReturn.OK:
                raise RuntimeError('cannot link a reference')
            ref.push_buffer(to_buffer(pixels, ref_in, 0))
            ref.end_of_stream()
        for i, gray in enumerate(grays):
            video.push_buffer(to_buffer(gray, video_in, i))
        video.end_of_stream()
        start = time.monotonic()
        try:
            pipeline.set_state(Gst.State.PLAYING)
            outputs = self._pull(pipeline, sink)
            for name in ('device-name', 'network-size', 'model', 'temporal', 'preprocess'):
                self.info[name] = vc.get_property(name)
            self.info['references'] = len(ref_pads)
            for name, _ in self.extra:
                self.info[name] = vc.get_property(name)
        finally:
            pipeline.set_state(Gst.State.NULL)
            for pad in ref_pads:
                vc.release_request_pad(pad)
        if len(outputs) != len(grays) or any(o.shape != ref_rgb.shape for o in outputs):
            raise RuntimeError('the element gave %d frames of %s for %d of %s'
                               % (len(outputs), outputs[0].shape if outputs else '-',
                                  len(grays), ref_rgb.shape))
        return outputs, time.monotonic() - start

    def _pull(self, pipeline, sink):
        bus = pipeline.get_bus()
        outputs, last = [], time.monotonic()
        self.events = []
        while True:
            msg = bus.pop_filtered(Gst.MessageType.ERROR | Gst.MessageType.ELEMENT)
            if msg and msg.type == Gst.MessageType.ERROR:
                error, debug = msg.parse_error()
                raise RuntimeError('%s: %s\n%s' % (msg.src.get_name(), error.message, debug))
            if msg:
                structure = msg.get_structure()
                if structure is not None and structure.get_name().startswith('vcolorize-'):
                    self.events.append(structure.copy())
                continue
            sample = sink.try_pull_sample(Gst.SECOND // 4)
            if sample:
                outputs.append(from_sample(sample))
                last = time.monotonic()
            elif sink.is_eos():
                return outputs
            elif time.monotonic() - last > self.timeout:
                raise RuntimeError('no frame from the element for %d s' % self.timeout)


# --- a clip, scored -----------------------------------------------------------------------------

def sheet_indices(n, count):
    return sorted(set(np.linspace(0, n - 1, min(count, n)).round().astype(int).tolist()))


def evaluate_clip(folder, element, args):
    paths = clip_frames(folder)
    if len(paths) < 2:
        raise RuntimeError('%s: needs a reference and at least one frame' % folder)
    if args.frames:
        paths = paths[:args.frames + 1]
    frames = [load_rgb(p) for p in paths]
    if any(f.shape != frames[0].shape for f in frames):
        raise RuntimeError('%s: the frames differ in size' % folder)
    ref, truths = frames[0], frames[1:]
    lightness = [rgb_to_lab(t)[..., 0] for t in truths]
    grays = [l_to_gray(L) for L in lightness]
    outputs, seconds = element.colorize(ref, grays)

    baselines = Baselines(rgb_to_lab(ref))
    tracks = {name: Track() for name in METHODS + ('truth',)}
    shown = sheet_indices(len(truths), args.sheet_frames)
    tiles = []
    for i, (truth, L) in enumerate(zip(truths, lightness)):
        still = np.abs(L - lightness[i - 1]) < STILL_DL if i else None
        tracks['model'].add(outputs[i], truth, still)
        for name in BASELINES:
            rgb = lab_to_rgb(np.concatenate([L[..., None], baselines.ab(name, L)], -1))
            tracks[name].add(rgb, truth, still)
        tracks['truth'].add(truth, None, still)
        if i in shown:
            tiles.append((i + 1, grays[i], outputs[i], truth))
    return {'frames': len(truths), 'width': ref.shape[1], 'height': ref.shape[0],
            'element_seconds': seconds,
            'methods': {name: t.result() for name, t in tracks.items()}}, (ref, tiles)


# --- reports ------------------------------------------------------------------------------------

def format_row(name, result):
    cells = []
    for metric, (title, fmt) in COLUMNS.items():
        value = result.get(metric)
        cells.append((fmt % value) if value is not None else '-'.rjust(len(fmt % 0)))
        cells[-1] = cells[-1].rjust(len(title))
    return '  %-9s %s' % (name, ' '.join(cells))


def print_table(title, methods):
    print(title)
    print('  %-9s %s' % ('method', ' '.join(t.rjust(len(f % 0)) for t, f in COLUMNS.values())))
    for name, result in methods.items():
        print(format_row(name, result))


def mean_over_clips(clips):
    first = next(iter(clips.values()))['methods']
    return {name: {metric: mean_or_nan([c['methods'][name][metric] for c in clips.values()])
                   for metric in metrics}
            for name, metrics in first.items()}


def json_safe(value):
    """NaN and infinities as null: JSON has no numbers for them."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


TILE_HEIGHT = 144
LABEL_HEIGHT = 14


def labelled(pixels, label):
    """A tile: the picture scaled to TILE_HEIGHT, with a caption above it."""
    image = Image.fromarray(pixels).convert('RGB')
    width = max(1, round(image.width * TILE_HEIGHT / image.height))
    tile = Image.new('RGB', (width, TILE_HEIGHT + LABEL_HEIGHT), 'white')
    tile.paste(image.resize((width, TILE_HEIGHT), Image.BILINEAR), (0, LABEL_HEIGHT))
    ImageDraw.Draw(tile).text((2, 1), label, fill='black')
    return tile


def write_sheet(path, shown, results):
    """One row per clip under a title: the reference, then input gray / output / truth for a
    few frames."""
    rows = []
    for name, (ref, tiles) in shown.items():
        row = [labelled(ref, 'reference')]
        for index, gray, out, truth in tiles:
            row += [labelled(gray, '%d: input' % index), labelled(out, '%d: vcolorize' % index),
                    labelled(truth, '%d: truth' % index)]
        title = '%s: frame 0 is the reference; model %.2f dB mean PSNR' % (
            name, results[name]['methods']['model']['psnr'])
        rows.append((title, row))
    gap = 4
    row_height = LABEL_HEIGHT + TILE_HEIGHT + LABEL_HEIGHT + gap
    width = max(sum(t.width + gap for t in row) for _, row in rows)
    sheet = Image.new('RGB', (width, len(rows) * row_height), 'white')
    draw = ImageDraw.Draw(sheet)
    for r, (title, row) in enumerate(rows):
        y = r * row_height
        draw.text((2, y + 1), title, fill='black')
        x = 0
        for tile in row:
            sheet.paste(tile, (x, y + LABEL_HEIGHT))
            x += tile.width + gap
    sheet.save(path)


def failed_checks(results, mean, args):
    failures = []
    if args.min_psnr is not None and not mean['model']['psnr'] >= args.min_psnr:
        failures.append('mean model PSNR %.2f dB is below the floor %.2f dB'
                        % (mean['model']['psnr'], args.min_psnr))
    for baseline in args.above.split(',') if args.above else []:
        for name, clip in results.items():
            model, other = clip['methods']['model']['psnr'], clip['methods'][baseline]['psnr']
            if not model > other:
                failures.append('%s: model PSNR %.2f dB is not above %s (%.2f dB)'
                                % (name, model, baseline, other))
    return failures


def property_setting(text):
    name, sep, value = text.partition('=')
    if not sep or not name:
        raise argparse.ArgumentTypeError('%r is not NAME=VALUE' % text)
    return name.strip(), value.strip()



def add_element_arguments(p):
    """The element's options of the tools that run it: what Element reads."""
    p.add_argument('--network-size', type=int, help="the element's network-size")
    p.add_argument('--device', type=int, help="the element's Vulkan device index")
    p.add_argument('--model', help='model file (default: the plugin\'s)')
    p.add_argument('--set', action='append', metavar='NAME=VALUE', type=property_setting,
                   help="set one of the element's properties (gst-launch syntax; repeatable), "
                        'e.g. --set temporal-strength=0.3')
    p.add_argument('--timeout', type=int, default=600,
                   help='seconds to wait for a frame before giving up')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('clips', help='folder of clips (subfolders of numbered frames) or one clip')
    p.add_argument('--frames', type=int, default=0,
                   help='colorized frames per clip at most, after the reference (0: all)')
    p.add_argument('--clips', dest='names', help='only these clips (comma-separated names)')
    add_element_arguments(p)
    p.add_argument('--no-memory', action='store_true', help='run with temporal=false')
    p.add_argument('--no-reference', action='store_true',
                   help='give the element no reference: its automatic mode')
    p.add_argument('--json', help='write the results here')
    p.add_argument('--sheet', help='write a contact sheet (PNG) here')
    p.add_argument('--sheet-frames', type=int, default=3, help='frames per clip on the sheet')
    p.add_argument('--min-psnr', type=float, help='fail below this mean model PSNR (dB)')
    p.add_argument('--above', help='fail unless the model PSNR is above these baselines '
                                   '(comma-separated) on every clip')
    args = p.parse_args()
    unknown = set(args.above.split(',')) - set(BASELINES) if args.above else set()
    if unknown:
        p.error('--above: no baseline %s (there are %s)'
                % (', '.join(sorted(unknown)), ', '.join(BASELINES)))
    return args


def init_gst():
    """GStreamer, with this checkout's plugin unless GST_PLUGIN_PATH says otherwise."""
    build_gst = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'build', 'gst')
    if 'GST_PLUGIN_PATH' not in os.environ and os.path.isdir(build_gst):
        os.environ['GST_PLUGIN_PATH'] = os.path.normpath(build_gst)
    Gst.init(None)


def main():
    args = parse_args()
    init_gst()
    clips = find_clips(args.clips, args.names)
    if not clips:
        sys.exit('vc-quality: no clips in %s' % args.clips)

    element = Element(args)
    results, shown = {}, {}
    for folder in clips:
        name = os.path.basename(os.path.normpath(folder))
        try:
            results[name], shown[name] = evaluate_clip(folder, element, args)
        except RuntimeError as e:
            sys.exit('vc-quality: %s: %s' % (name, e))
        r = results[name]
        print('%s: %d frames of %dx%d, element %.1f s (%.2f frames/s)' % (
            name, r['frames'], r['width'], r['height'], r['element_seconds'],
            r['frames'] / r['element_seconds']), file=sys.stderr)
    mean = mean_over_clips(results)

    info = element.info
    print('vcolorize on %s, network-size %d, temporal %s, %s, model %s'
          % (info['device-name'], info['network-size'], 'on' if info['temporal'] else 'off',
             'frame 0 as the reference' if info['references'] else
             'no reference (automatic mode)', info['model']))
    for name, _ in args.set or []:
        print('  %s = %s' % (name, info[name]))
    for name, r in results.items():
        print_table('\n%s (%d frames, %dx%d)' % (name, r['frames'], r['width'], r['height']),
                    r['methods'])
    if len(results) > 1:
        print_table('\nmean over %d clips' % len(results), mean)

    if args.json:
        with open(args.json, 'w') as f:
            json.dump(json_safe({'settings': info, 'frames': args.frames, 'clips': results,
                                 'mean': mean}), f, indent=1)
    if args.sheet:
        write_sheet(args.sheet, shown, results)
    failures = failed_checks(results, mean, args)
    for failure in failures:
        print('FAILED: ' + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
