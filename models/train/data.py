"""Training samples built on the fly from the packed photos (pack_data.py).

A sample is a pseudo-clip: `frames` views of one photo along a smooth affine trajectory (pan,
zoom, small rotation; sometimes a still camera), sometimes with an occluding patch cut from
another photo that moves on its own. With it come up to `refs` references, each one of:
a view near the clip's first frame (like the first frame of a shot), another view of the same
photo (possibly mirrored), a view of an unrelated photo (the net must learn to ignore it), or
nothing (only the null key is left); with probability `first_ref` the first one is instead the
clip's first frame itself, moving patch included (the element's usual case: the first frame of
a shot in colour; with a still camera its cells sit exactly where the frames' do). The input l
of the frames is degraded (blur, noise, film grain, JPEG) for the preprocessing net; the clean
l is its target. The known motion gives, for each frame, where its pixels were in the previous
frame (for the temporal loss).

All tensors are in network units (colour.py): l = L*/50 - 1, ab = (a*, b*)/110.
"""
import io
import math

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import colour

REF_KINDS = ('near', 'same', 'other', 'none')
REF_ODDS = ((0.45, 0.25, 0.15, 0.15),  # first reference
            (0.10, 0.15, 0.15, 0.60))  # second reference


class Photos:
    """The packed photos: decoding on demand, sampling weighted by colourfulness."""

    def __init__(self, path):
        with np.load(path) as f:
            self.jpeg = f['jpeg']
            self.offsets = f['offsets']
            chroma = f['mean_chroma']
        weights = np.clip(chroma / 8.0, 0.25, 1.0)  # photos with little colour count less
        self.weights = weights / weights.sum()

    def __len__(self):
        return len(self.offsets) - 1

    def pick(self, rng):
        return int(rng.choice(len(self), p=self.weights))

    def rgb(self, i):
        data = self.jpeg[self.offsets[i]:self.offsets[i + 1]].tobytes()
        return Image.open(io.BytesIO(data)).convert('RGB')


def _view(centre, scale, angle, size, mirror=False):
    """2x3 map from output coordinates (pixel centres at u + 0.5) to photo coordinates."""
    c, s = math.cos(angle), math.sin(angle)
    a = scale * np.array([[c, -s], [s, c]])
    if mirror:
        a = a @ np.diag([-1.0, 1.0])
    b = np.asarray(centre, dtype=np.float64) - a @ np.array([size / 2, size / 2])
    return np.hstack([a, b[:, None]])


def _inside(view, size, width, height):
    corners = np.array([[0, 0, 1], [size, 0, 1], [0, size, 1], [size, size, 1]], dtype=np.float64)
    p = corners @ view.T
    return (p[:, 0] >= 0).all() and (p[:, 0] <= width).all() and \
        (p[:, 1] >= 0).all() and (p[:, 1] <= height).all()


def _random_view(rng, size, width, height, mirror=False):
    """A view of the photo with a random window, position and small angle (always inside)."""
    for _ in range(20):
        scale = rng.uniform(0.5, 0.9) * min(width, height) / size
        half = scale * size * 0.55  # half the window, and a little for the rotation
        if 2 * half >= min(width, height):
            continue
        centre = (rng.uniform(half, width - half), rng.uniform(half, height - half))
        view = _view(centre, scale, rng.normal(0.0, 0.05), size, mirror)
        if _inside(view, size, width, height):
            return view, centre, scale
    scale = 0.7 * min(width, height) / size
    centre = (width / 2, height / 2)
    return _view(centre, scale, 0.0, size, mirror), centre, scale


def _trajectory(rng, frames, size, width, height):
    """Views of a smooth camera motion, all inside the photo."""
    for _ in range(20):
        first, centre, scale = _random_view(rng, size, width, height)
        angle = math.atan2(first[1, 0], first[0, 0])
        if rng.random() < 0.2:  # still camera
            return [first] * frames
        pan = rng.normal(0.0, 0.03, 2) * scale * size
        zoom = math.exp(rng.normal(0.0, 0.02))
        spin = rng.normal(0.0, 0.012)
        views = [_view(np.asarray(centre) + t * pan, scale * zoom ** t, angle + t * spin, size)
                 for t in range(frames)]
        if all(_inside(v, size, width, height) for v in views):
            return views
    return [first] * frames


def _near_view(rng, view, size, width, height):
    """A view close to `view`, as the first frame of a shot is to the frames after it."""
    scale = math.hypot(view[0, 0], view[1, 0])
    angle = math.atan2(view[1, 0], view[0, 0])
    centre = view @ np.array([size / 2, size / 2, 1.0])
    near = _view(centre + rng.normal(0.0, 0.06, 2) * scale * size,
                 scale * math.exp(rng.normal(0.0, 0.06)), angle + rng.normal(0.0, 0.04), size)
    return near if _inside(near, size, width, height) else view


def _pixel_centres(size):
    """(S, S, 3) homogeneous output coordinates (u + 0.5, v + 0.5, 1)."""
    u = torch.arange(size, dtype=torch.float64) + 0.5
    return torch.stack([u.view(1, -1).expand(size, size), u.view(-1, 1).expand(size, size),
                        torch.ones(size, size, dtype=torch.float64)], -1)


def _grid(views, size, width, height):
    """Sampling grids (N, S, S, 2) for grid_sample (align_corners=False) of a W x H photo."""
    uv1 = _pixel_centres(size)
    grids = []
    for view in views:
        p = uv1 @ torch.from_numpy(view).T
        grids.append(torch.stack([2 * p[..., 0] / width - 1, 2 * p[..., 1] / height - 1], -1))
    return torch.stack(grids).float()


def _sample(lab, views, size):
    """Warp a photo (3, H, W) in Lab into one (3, S, S) view per 2x3 map."""
    height, width = lab.shape[-2:]
    grid = _grid(views, size, width, height)
    return F.grid_sample(lab.expand(len(views), -1, -1, -1), grid, mode='bilinear',
                         padding_mode='border', align_corners=False)


def _lab(image, views, size):
    """Lab views of a PIL photo; shrinks the photo first when the views downscale it, so
    that bilinear sampling does not alias."""
    scale = min(math.hypot(v[0, 0], v[1, 0]) for v in views)
    if scale > 1.25:
        factor = 1.1 / scale
        width, height = image.size
        image = image.resize((max(1, round(width * factor)), max(1, round(height * factor))),
                             Image.BOX)
        fx, fy = image.size[0] / width, image.size[1] / height
        views = [np.diag([fx, fy]) @ v for v in views]
    rgb = torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0).permute(2, 0, 1)
    return _sample(colour.rgb_to_lab(rgb), views, size)


def _flow(views, size):
    """For frames 1..T-1: where each pixel was in the previous frame, as grid_sample grids
    over the S x S previous frame, and whether it was inside it."""
    grids, inside = [], []
    uv1 = _pixel_centres(size)
    for prev, cur in zip(views[:-1], views[1:]):
        photo = uv1 @ torch.from_numpy(cur).T
        a, b = torch.from_numpy(prev[:, :2]), torch.from_numpy(prev[:, 2])
        back = (photo - b) @ torch.linalg.inv(a).T
        g = 2 * back / size - 1
        grids.append(g.float())
        inside.append(((g.abs() < 1 - 2.0 / size).all(-1)).float())
    return torch.stack(grids), torch.stack(inside).unsqueeze(1)


def _occlude(rng, lab, patch_lab, size):
    """Paste a moving elliptic patch into every frame; returns the frames and the masks."""
    frames = lab.shape[0]
    h, w = patch_lab.shape[-2:]
    yy, xx = torch.meshgrid(torch.linspace(-1, 1, h), torch.linspace(-1, 1, w), indexing='ij')
    shape = ((xx ** 2 + yy ** 2) <= 1.0).float() if rng.random() < 0.5 else torch.ones(h, w)
    start = rng.uniform(0, [size - w, size - h])
    step = rng.normal(0.0, 0.04 * size, 2)
    masks = torch.zeros(frames, 1, size, size)
    for t in range(frames):
        x, y = np.clip(start + t * step, 0, [size - w, size - h]).round().astype(int)
        masks[t, 0, y:y + h, x:x + w] = shape
        region = lab[t, :, y:y + h, x:x + w]
        lab[t, :, y:y + h, x:x + w] = region * (1 - shape) + patch_lab * shape
    return lab, masks


def _gaussian_blur(x, sigma):
    radius = max(1, int(math.ceil(3 * sigma)))
    k = torch.exp(-(torch.arange(-radius, radius + 1, dtype=torch.float32) ** 2) / (2 * sigma ** 2))
    k = (k / k.sum()).to(x.dtype)
    x = F.pad(x, (radius, radius, radius, radius), mode='replicate')
    x = F.conv2d(x, k.view(1, 1, 1, -1))
    return F.conv2d(x, k.view(1, 1, -1, 1))


def _jpeg(L, quality):
    image = Image.fromarray(np.clip(L.numpy() * 2.55 + 0.5, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, 'JPEG', quality=int(quality))
    buffer.seek(0)
    return torch.from_numpy(np.asarray(Image.open(buffer), dtype=np.float32) / 2.55)


def degrade(rng, L):
    """Blur, gaussian noise, film grain and JPEG artefacts on L* (T, 1, S, S); one set of
    parameters per clip, independent noise per frame; about a third of clips stay clean."""
    if rng.random() < 0.35:
        return L
    g = torch.Generator().manual_seed(int(rng.integers(1 << 62)))
    if rng.random() < 0.3:
        L = _gaussian_blur(L, rng.uniform(0.4, 1.2))
    if rng.random() < 0.3:
        grain = _gaussian_blur(torch.randn(L.shape, generator=g), rng.uniform(0.6, 1.5))
        grain = grain / grain.std().clamp(min=1e-6)
        midtones = 4 * (L / 100) * (1 - L / 100)
        L = L + rng.uniform(2.0, 8.0) * grain * midtones.clamp(min=0)
    if rng.random() < 0.5:
        L = L + rng.uniform(1.0, 6.0) * torch.randn(L.shape, generator=g)
    L = L.clamp(0, 100)
    if rng.random() < 0.4:
        quality = rng.uniform(20, 70)
        L = torch.stack([_jpeg(frame[0], quality)[None] for frame in L])
    return L


class PseudoClips(torch.utils.data.Dataset):
    """Endless random samples; `seed` and the index fix each one."""

    def __init__(self, path, crop=256, frames=3, refs=2, seed=0, length=1 << 30, first_ref=0.0):
        self.photos = Photos(path)
        self.crop, self.frames, self.refs = crop, frames, refs
        self.first_ref = first_ref
        self.seed, self.length = seed, length

    def __len__(self):
        return self.length

    def _references(self, rng, image, frame0):
        size = self.crop
        width, height = image.size
        own, others = [], []  # views of this photo, (photo, view) of others
        kinds = []
        for slot in range(self.refs):
            kind = rng.choice(REF_KINDS, p=REF_ODDS[min(slot, 1)])
            if slot == 0 and self.first_ref and rng.random() < self.first_ref:
                kind = 'first'  # (drawn after the kind: other samples stay as they were)
            kinds.append(kind)
            if kind == 'near':
                own.append(_near_view(rng, frame0, size, width, height))
            elif kind == 'same':
                own.append(_random_view(rng, size, width, height, rng.random() < 0.5)[0])
            elif kind == 'other':
                other = self.photos.rgb(self.photos.pick(rng))
                others.append(_lab(other, [_random_view(rng, size, *other.size,
                                                        rng.random() < 0.5)[0]], size))
        return kinds, own, others

    def __getitem__(self, index):
        rng = np.random.default_rng([self.seed, index])
        size, frames = self.crop, self.frames
        image = self.photos.rgb(self.photos.pick(rng))
        if rng.random() < 0.5:
            image = image.transpose(Image.FLIP_LEFT_RIGHT)
        views = _trajectory(rng, frames, size, *image.size)
        kinds, own, others = self._references(rng, image, views[0])
        lab = _lab(image, views + own, size)
        clip, own_lab = lab[:frames], list(lab[frames:])

        occluded = torch.zeros(frames, 1, size, size)
        if rng.random() < 0.35:
            side = rng.uniform(0.15, 0.4, 2) * size
            other = self.photos.rgb(self.photos.pick(rng))
            patch = _lab(other, [_random_view(rng, size, *other.size)[0]], size)[0]
            h, w = int(side[0]), int(side[1])
            clip, occluded = _occlude(rng, clip, patch[:, :h, :w], size)

        flow, inside = _flow(views, size)
        before = F.grid_sample(occluded[:-1], flow, mode='bilinear', align_corners=False)
        valid = inside * (occluded[1:] == 0).float() * (before == 0).float()

        ref_lab = torch.zeros(self.refs, 3, size, size)
        ref_valid = torch.zeros(self.refs, dtype=torch.bool)
        ref_match = torch.zeros(self.refs, dtype=torch.bool)
        for slot, kind in enumerate(kinds):
            if kind == 'first':
                ref_lab[slot] = clip[0]
            elif kind in ('near', 'same'):
                ref_lab[slot] = own_lab.pop(0)
            elif kind == 'other':
                ref_lab[slot] = others.pop(0)[0]
            ref_valid[slot] = kind != 'none'
            ref_match[slot] = kind in ('first', 'near', 'same')

        L_in = degrade(rng, clip[:, :1])
        l, ab = colour.lab_to_net(clip)
        ref_l, ref_ab = colour.lab_to_net(ref_lab)
        return {'l_in': L_in / 50 - 1, 'l': l, 'ab': ab,
                'ref_l': ref_l, 'ref_ab': ref_ab, 'ref_valid': ref_valid, 'ref_match': ref_match,
                'flow': flow, 'flow_valid': valid}


def worker_init(worker_id):
    torch.set_num_threads(1)
