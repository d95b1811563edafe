"""Pack the training photos into one compact file for training.

Every photo is re-encoded as JPEG (4:4:4 chroma, so colour targets keep full resolution) with
its short side at most --short-side; the file holds one byte string of all JPEGs, their offsets,
names and the manifest's mean_chroma (for weighting photos with little colour).

    /usr/bin/python3 models/train/pack_data.py \
        --photos /work/shared/data/train_photos --out models/train/data/photos.npz
"""
import argparse
import csv
import io
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def encode(path, short_side, quality):
    image = Image.open(path).convert('RGB')
    scale = short_side / min(image.size)
    if scale < 1.0:
        size = (round(image.size[0] * scale), round(image.size[1] * scale))
        image = image.resize(size, Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, 'JPEG', quality=quality, subsampling=0)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--photos', default='/work/shared/data/train_photos')
    parser.add_argument('--out', default=os.path.join(HERE, 'data', 'photos.npz'))
    parser.add_argument('--short-side', type=int, default=256)
    parser.add_argument('--quality', type=int, default=90)
    args = parser.parse_args()

    with open(os.path.join(args.photos, 'MANIFEST.tsv'), newline='') as f:
        rows = list(csv.DictReader(f, delimiter='\t'))
    blobs = [encode(os.path.join(args.photos, row['file']), args.short_side, args.quality)
             for row in rows]
    offsets = np.cumsum([0] + [len(b) for b in blobs]).astype(np.int64)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    np.savez(args.out,
             jpeg=np.frombuffer(b''.join(blobs), dtype=np.uint8),
             offsets=offsets,
             names=np.array([row['file'] for row in rows]),
             mean_chroma=np.array([float(row['mean_chroma']) for row in rows], dtype=np.float32))
    print('%d photos, %.1f MiB -> %s' % (len(rows), os.path.getsize(args.out) / 2**20, args.out))


if __name__ == '__main__':
    main()
