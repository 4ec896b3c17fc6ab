import { deflateSync } from "node:zlib";

/** RGBA pixel source: returns [r, g, b, a] for a pixel. */
type Paint = (x: number, y: number, size: number) => [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A square RGBA PNG, encoded by hand so the package needs no image library. */
export function png(size: number, paint: Paint): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) rows.set(paint(x, y, size), row + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** The heartbeat polyline, in unit coordinates (y grows downwards). */
const PULSE: [number, number][] = [
  [0.16, 0.5],
  [0.38, 0.5],
  [0.46, 0.24],
  [0.56, 0.76],
  [0.64, 0.5],
  [0.84, 0.5],
];

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function onPulse(x: number, y: number, size: number, width: number): boolean {
  const u = (x + 0.5) / size;
  const v = (y + 0.5) / size;
  return PULSE.slice(1).some((end, i) => distanceToSegment(u, v, PULSE[i]!, end) < width);
}

/** 192×192 full-colour icon: white pulse on the accent colour. */
export function colorIcon(): Buffer {
  return png(192, (x, y, size) =>
    onPulse(x, y, size, 0.035) ? [255, 255, 255, 255] : [0x4f, 0x46, 0xe5, 255],
  );
}

/** 32×32 outline icon: white on transparent, as Teams requires. */
export function outlineIcon(): Buffer {
  return png(32, (x, y, size) => (onPulse(x, y, size, 0.06) ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}
