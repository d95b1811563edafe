"""Exact sRGB (D65) <-> CIE L*a*b* conversion, and the network's units.

Tensors are channel-first (..., 3, H, W); RGB in [0, 1], L* in [0, 100], a*/b* in Lab units.
The network works in normalised units; the exported graph's `affine` nodes convert at its
edges (models/FORMAT.md):
    l  = L* / 50 - 1        (in [-1, 1])
    ab = (a*, b*) / 110     (about [-1, 1])
"""
import torch

AB_SCALE = 110.0

_WHITE = (0.95047, 1.0, 1.08883)


def _primaries_matrix():
    """Linear-RGB -> XYZ from the sRGB primaries (IEC 61966-2-1) scaled so RGB = 1 maps to the
    D65 white exactly: then grey has a* = b* = 0 to rounding."""
    xy = torch.tensor([[0.64, 0.33], [0.30, 0.60], [0.15, 0.06]], dtype=torch.float64)
    xyz = torch.stack([xy[:, 0] / xy[:, 1], torch.ones(3, dtype=torch.float64),
                       (1.0 - xy[:, 0] - xy[:, 1]) / xy[:, 1]])
    scale = torch.linalg.solve(xyz, torch.tensor(_WHITE, dtype=torch.float64))
    return xyz * scale


_RGB_TO_XYZ = _primaries_matrix()
_XYZ_TO_RGB = torch.linalg.inv(_RGB_TO_XYZ)
_EPS = 216.0 / 24389.0
_KAPPA = 24389.0 / 27.0


def _srgb_to_linear(c):
    return torch.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(c):
    c = c.clamp(0.0, 1.0)
    return torch.where(c <= 0.04045 / 12.92, c * 12.92, 1.055 * c ** (1.0 / 2.4) - 0.055)


def _mix(m, x):
    """Apply a 3x3 matrix over the channel axis (-3) of x."""
    m = m.to(x.dtype).to(x.device)
    return torch.einsum('ij,...jhw->...ihw', m, x)


def rgb_to_lab(rgb):
    """sRGB in [0, 1] -> (L*, a*, b*)."""
    xyz = _mix(_RGB_TO_XYZ, _srgb_to_linear(rgb))
    f = []
    for i, white in enumerate(_WHITE):
        t = xyz[..., i, :, :] / white
        cube_root = t.clamp(min=_EPS) ** (1.0 / 3.0)
        f.append(torch.where(t > _EPS, cube_root, (_KAPPA * t + 16.0) / 116.0))
    fx, fy, fz = f
    return torch.stack([116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)], dim=-3)


def lab_to_rgb(lab):
    """(L*, a*, b*) -> sRGB in [0, 1] (out-of-gamut colours are clipped)."""
    L, a, b = lab.unbind(dim=-3)
    fy = (L + 16.0) / 116.0
    fx = fy + a / 500.0
    fz = fy - b / 200.0
    x = torch.where(fx ** 3 > _EPS, fx ** 3, (116.0 * fx - 16.0) / _KAPPA)
    y = torch.where(L > _KAPPA * _EPS, fy ** 3, L / _KAPPA)
    z = torch.where(fz ** 3 > _EPS, fz ** 3, (116.0 * fz - 16.0) / _KAPPA)
    xyz = torch.stack([x * _WHITE[0], y * _WHITE[1], z * _WHITE[2]], dim=-3)
    return _linear_to_srgb(_mix(_XYZ_TO_RGB, xyz))


def lab_to_net(lab):
    """(L*, a*, b*) -> (l, ab) in network units."""
    return lab[..., :1, :, :] / 50.0 - 1.0, lab[..., 1:, :, :] / AB_SCALE


def net_to_lab(l, ab):
    """(l, ab) in network units -> (L*, a*, b*)."""
    return torch.cat([(l + 1.0) * 50.0, ab * AB_SCALE], dim=-3)
