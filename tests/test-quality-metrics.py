#!/usr/bin/python3
"""The colour maths, baselines and metrics of tools/vc-quality.py on inputs whose results are
known in closed form (no element, no device)."""
import importlib.util
import math
import os
import unittest

import numpy as np

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools', 'vc-quality.py')
spec = importlib.util.spec_from_file_location('vc_quality', TOOL)
vq = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vq)


def solid(rgb, size=(16, 24)):
    return np.broadcast_to(np.array(rgb, np.uint8), size + (3,)).copy()


class Colour(unittest.TestCase):
    def test_known_colours(self):
        # sRGB white, black and red in CIE Lab (D65)
        for rgb, lab in (((255, 255, 255), (100, 0, 0)), ((0, 0, 0), (0, 0, 0)),
                         ((255, 0, 0), (53.2408, 80.0925, 67.2032))):
            np.testing.assert_allclose(vq.rgb_to_lab(np.array(rgb, np.uint8)), lab, atol=2e-3)

    def test_round_trips(self):
        rgb = np.random.default_rng(1).integers(0, 256, (32, 32, 3), dtype=np.uint8)
        np.testing.assert_array_equal(vq.lab_to_rgb(vq.rgb_to_lab(rgb)), rgb)
        gray = np.arange(256, dtype=np.uint8)
        lightness = vq.rgb_to_lab(np.stack([gray] * 3, -1))[..., 0]
        np.testing.assert_array_equal(vq.l_to_gray(lightness), gray)

    def test_out_of_gamut_is_clipped(self):
        self.assertEqual(vq.lab_to_rgb(np.array([50.0, 120.0, 0.0])).tolist()[1], 0)


class Metrics(unittest.TestCase):
    truth = np.random.default_rng(2).integers(10, 200, (24, 32, 3), dtype=np.uint8)

    def test_identical(self):
        m = vq.full_reference(self.truth, self.truth)
        self.assertEqual(m['psnr'], math.inf)
        for name, ideal in (('ssim', 1), ('ad', 0), ('rmse', 0), ('md', 0), ('sc', 1),
                            ('nae', 0), ('ncc', 1), ('pcc', 1)):
            self.assertAlmostEqual(m[name], ideal, places=9, msg=name)

    def test_off_by_one(self):
        k = self.truth.astype(np.float64)
        m = vq.full_reference(self.truth + 1, self.truth)
        self.assertAlmostEqual(m['psnr'], 20 * math.log10(255), places=9)
        self.assertAlmostEqual(m['ad'], -1)
        self.assertAlmostEqual(m['rmse'], 1)
        self.assertEqual(m['md'], 1)
        self.assertAlmostEqual(m['sc'], np.sum((k + 1) ** 2) / np.sum(k * k))
        self.assertAlmostEqual(m['nae'], 1 / k.mean())
        self.assertAlmostEqual(m['ncc'], np.sum(k * (k + 1)) / np.sum(k * k))
        self.assertAlmostEqual(m['pcc'], 1)
        self.assertLess(m['ssim'], 1)

    def test_inverted(self):
        self.assertAlmostEqual(vq.full_reference(255 - self.truth, self.truth)['pcc'], -1)

    def test_colourfulness(self):
        self.assertEqual(vq.colourfulness(solid((128, 128, 128))), 0)
        # pure red: no spread, rg = 255, yb = 127.5
        self.assertAlmostEqual(vq.colourfulness(solid((255, 0, 0))), 0.3 * math.hypot(255, 127.5))

    def test_cdc(self):
        a, b = vq.histograms(solid((0, 0, 0))), vq.histograms(solid((255, 255, 255)))
        self.assertEqual(vq.colour_distribution_consistency([a] * 5), 0)
        # black and white alternate: disjoint histograms (ln 2) at dilation 1, equal ones at
        # dilations 2 and 4
        self.assertAlmostEqual(vq.colour_distribution_consistency([a, b] * 3), math.log(2) / 3)

    def test_still_change(self):
        track = vq.Track()
        still = np.zeros((16, 24), bool)
        still[:, :12] = True
        track.add(solid((128, 128, 128)), solid((128, 128, 128)))
        moved = vq.lab_to_rgb(np.broadcast_to([50.0, 10.0, -4.0], (16, 24, 3)))
        moved[:, 12:] = 0  # not still: ignored
        track.add(moved, moved, still)
        ab = vq.rgb_to_lab(moved[0, 0])[1:]
        self.assertAlmostEqual(track.result()['still_dab'], np.abs(ab).mean())


class Baselines(unittest.TestCase):
    def test_baselines(self):
        ref = np.zeros((2, 4, 3))
        ref[:, :2] = (20.0, 10.0, -10.0)  # L* bin 6
        ref[:, 2:] = (80.0, -30.0, 40.0)  # L* bin 25
        b = vq.Baselines(ref)
        lightness = np.array([[0.0, 20.0, 49.0, 51.0], [80.0, 99.0, 100.0, 20.0]])
        np.testing.assert_array_equal(b.ab('gray', lightness), 0)
        np.testing.assert_allclose(b.ab('tint', lightness), np.broadcast_to([-10, 15], (2, 4, 2)))
        bins = b.ab('lum-bins', lightness)
        # each bin takes the nearest filled one's mean: 49 (bin 15) is nearer bin 6 than 25
        expected = [[(10, -10)] * 3 + [(-30, 40)], [(-30, 40)] * 3 + [(10, -10)]]
        np.testing.assert_allclose(bins, expected)
        np.testing.assert_array_equal(b.ab('copy', lightness), ref[..., 1:])


if __name__ == '__main__':
    unittest.main()
