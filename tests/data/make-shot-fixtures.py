#!/usr/bin/python3
"""Makes the scene-detection test fixtures in tests/data/shot/ from the
development data (shared/data/dev_eval, not in the repository): small
grayscale pictures, box-averaged from the originals (PIL's luma), as binary
PGM files.

  clips: 24 consecutive frames, 85x64 each, stacked top to bottom
  photos: 120 px on the short side, for the pans and still shots the test
          makes from them

Run from the repository root with Debian's python3-pil:
  /usr/bin/python3 tests/data/make-shot-fixtures.py [path/to/dev_eval]
Licences of the sources: tests/data/shot/README.md."""
import os
import sys

from PIL import Image

DEV = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), '..', '..', '..', 'shared', 'data', 'dev_eval')
OUT = os.path.join(os.path.dirname(__file__), 'shot')

CLIP_SIZE = (85, 64)
CLIPS = {
    # name: (clip folder, first frame); 24 frames each
    'vtest': ('opencv_vtest', 0),
    'tree': ('opencv_tree', 44),  # a hand passes in front of the camera
}
PHOTO_SHORT_SIDE = 120
PHOTOS = {
    'astronaut': '0062_python3-skimage_astronaut.jpg',
    'chelsea': '0063_python3-skimage_chelsea.jpg',
    'coffee': '0064_python3-skimage_coffee.jpg',
    'rocket': '0066_python3-skimage_rocket.jpg',
    'hopper': '0067_python-matplotlib-data_grace_hopper.jpg',
}


def gray(path, size):
    return Image.open(path).convert('L').resize(size, Image.BOX)


def write_pgm(path, img):
    with open(path, 'wb') as f:
        f.write(b'P5\n%d %d\n255\n' % img.size)
        f.write(img.tobytes())


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (folder, first) in CLIPS.items():
        w, h = CLIP_SIZE
        sheet = Image.new('L', (w, h * 24))
        for i in range(24):
            frame = os.path.join(DEV, 'video', folder, '%05d.jpg' % (first + i))
            sheet.paste(gray(frame, CLIP_SIZE), (0, i * h))
        write_pgm(os.path.join(OUT, name + '.pgm'), sheet)
    for name, file in PHOTOS.items():
        path = os.path.join(DEV, 'photos', file)
        w, h = Image.open(path).size
        s = PHOTO_SHORT_SIDE / min(w, h)
        write_pgm(os.path.join(OUT, name + '.pgm'), gray(path, (round(w * s), round(h * s))))


if __name__ == '__main__':
    main()
