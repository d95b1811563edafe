#!/usr/bin/python3
"""Makes the EXIF orientation test pictures in tests/data/orientation/:
exif-N.jpg (N = 1..8) holds the same upright picture (four flat quadrants of
one lightness, L* 60, and four hues: red, green / blue, violet; 32x16 as
shown) stored as a camera would store
it with EXIF orientation N, so that a viewer that applies the orientation
shows the upright picture. Quadrants are whole 8x8 blocks and chroma is not
subsampled, so every file decodes to the same colours within a level or two.
Made by this script (no other source): the same licence as the project.

Run from the repository root with Debian's python3-pil:
  /usr/bin/python3 tests/data/make-orientation.py"""
import os

from PIL import Image, ImageOps

OUT = os.path.join(os.path.dirname(__file__), 'orientation')
W, H = 32, 16
QUADRANTS = [(243, 97, 77), (64, 164, 59), (71, 149, 224), (166, 128, 206)]

# EXIF orientation -> how a viewer turns the stored picture upright (as PIL's
# exif_transpose); a file stores the inverse of that applied to the picture
UPRIGHT = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
INVERSE = {
    None: None,
    Image.Transpose.ROTATE_270: Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_90: Image.Transpose.ROTATE_270,
}


def upright():
    im = Image.new('RGB', (W, H))
    for i, colour in enumerate(QUADRANTS):
        x, y = (i % 2) * W // 2, (i // 2) * H // 2
        im.paste(colour, (x, y, x + W // 2, y + H // 2))
    return im


def main():
    os.makedirs(OUT, exist_ok=True)
    picture = upright()
    for n, method in UPRIGHT.items():
        inverse = INVERSE.get(method, method)
        stored = picture.transpose(inverse) if inverse is not None else picture
        exif = Image.Exif()
        exif[0x0112] = n
        path = os.path.join(OUT, 'exif-%d.jpg' % n)
        stored.save(path, quality=95, subsampling=0, exif=exif.tobytes())
        shown = ImageOps.exif_transpose(Image.open(path)).convert('RGB')
        assert shown.size == picture.size, (n, shown.size)
        worst = max(abs(a - b) for p, q in zip(shown.getdata(), picture.getdata())
                    for a, b in zip(p, q))
        assert worst <= 3, (n, worst)
        print(path, stored.size, 'shown upright within', worst)


if __name__ == '__main__':
    main()
