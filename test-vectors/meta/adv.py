#!/usr/bin/env python3
"""An independent implementation of the Talos extended ADV (siderolabs/go-adv adv/talos), written
from the format description, used by the tests to check Bronze's META blocks without Bronze's reader.

  adv.py check IMAGE [OFFSET]       -> JSON {"copies": [{"valid": bool, "reason": str, "tags": {tag: hex}}]}
  adv.py encode OUT TAG=HEX...      -> writes one 256 KiB copy with the tags in ascending order
"""
import hashlib, json, struct, sys

LENGTH = 256 * 1024
MAGIC1, MAGIC2 = 0x5A4B3C2D, 0xA5B4C3D2


def check(block):
    if len(block) != LENGTH:
        return {"valid": False, "reason": "short block"}
    if struct.unpack(">I", block[:4])[0] != MAGIC1:
        return {"valid": False, "reason": "magic1"}
    if struct.unpack(">I", block[-4:])[0] != MAGIC2:
        return {"valid": False, "reason": "magic2"}
    zeroed = block[:-36] + bytes(32) + block[-4:]
    if hashlib.sha256(zeroed).digest() != block[-36:-4]:
        return {"valid": False, "reason": "checksum"}
    tags, data = {}, block[4:-36]
    while len(data) >= 8:
        tag, size = struct.unpack(">II", data[:8])
        if tag == 0:
            break
        if size + 8 > len(data):
            return {"valid": False, "reason": "overrun"}
        tags[str(tag)] = data[8:8 + size].hex()
        data = data[8 + size:]
    return {"valid": True, "reason": "", "tags": tags}


def encode(tags):
    body = b"".join(struct.pack(">II", t, len(v)) + v for t, v in sorted(tags.items()))
    block = bytearray(LENGTH)
    block[0:4] = struct.pack(">I", MAGIC1)
    block[4:4 + len(body)] = body
    block[-4:] = struct.pack(">I", MAGIC2)
    block[-36:-4] = hashlib.sha256(bytes(block)).digest()
    return bytes(block)


if __name__ == "__main__":
    if sys.argv[1] == "check":
        off = int(sys.argv[3], 0) if len(sys.argv) > 3 else 0
        with open(sys.argv[2], "rb") as f:
            f.seek(off)
            raw = f.read(2 * LENGTH)
        print(json.dumps({"copies": [check(raw[:LENGTH]), check(raw[LENGTH:2 * LENGTH])]}))
    elif sys.argv[1] == "encode":
        tags = {}
        for arg in sys.argv[3:]:
            t, v = arg.split("=", 1)
            tags[int(t, 0)] = bytes.fromhex(v)
        with open(sys.argv[2], "wb") as f:
            f.write(encode(tags))
    else:
        sys.exit("usage: adv.py check IMAGE [OFFSET] | encode OUT TAG=HEX...")
