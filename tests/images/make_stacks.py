"""Writes the multi-page TIFF fixtures of the studio's stack tests (cv2.imwritemulti, uncompressed).

Run from this folder: python3 make_stacks.py. Each value says where it is: page p, row y, column x.
  stack_gray8.tif   3 pages of 6 x 8 grey, uint8, p*64 + y*8 + x
  stack_gray16.tif  3 pages of 6 x 8 grey, uint16, (p*64 + y*8 + x) * 257
  stack_rgb8.tif    2 pages of 4 x 5 RGB, uint8, channel c = p*60 + c*20 + y*5 + x
  stack_mixed.tif   a 6 x 8 grey page, then a 4 x 5 one (refused as a stack)
"""
import cv2
import numpy as np

params = [cv2.IMWRITE_TIFF_COMPRESSION, 1]
p, y, x = np.meshgrid(np.arange(3), np.arange(6), np.arange(8), indexing="ij")
gray = (p * 64 + y * 8 + x).astype(np.uint8)
cv2.imwritemulti("stack_gray8.tif", list(gray), params)
cv2.imwritemulti("stack_gray16.tif", list(gray.astype(np.uint16) * 257), params)
p, y, x, c = np.meshgrid(np.arange(2), np.arange(4), np.arange(5), np.arange(3), indexing="ij")
rgb = (p * 60 + c * 20 + y * 5 + x).astype(np.uint8)
cv2.imwritemulti("stack_rgb8.tif", [page[:, :, ::-1] for page in rgb], params)  # cv2 writes BGR
cv2.imwritemulti("stack_mixed.tif", [gray[0], gray[1][:4, :5].copy()], params)
