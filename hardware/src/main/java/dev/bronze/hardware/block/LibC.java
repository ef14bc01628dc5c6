package dev.bronze.hardware.block;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls block devices need. Linux on x86-64 and arm64 only: the flag values below are
 * the same on both (asm-generic), and size_t/off_t are 64 bits.
 */
interface LibC extends Library {

    int O_RDONLY = 0;
    int O_RDWR = 2;
    /** On a block device: fail with EBUSY when it is mounted or claimed (a holder, swap, md). */
    int O_EXCL = 0x80;
    int O_CLOEXEC = 0x80000;

    int LOCK_EX = 2;
    int LOCK_NB = 4;

    int FALLOC_FL_KEEP_SIZE = 0x01;
    int FALLOC_FL_PUNCH_HOLE = 0x02;

    int SEEK_DATA = 3;
    int SEEK_HOLE = 4;

    int EBUSY = 16;
    int EINVAL = 22;
    int ENXIO = 6;
    int EOPNOTSUPP = 95;
    int ENOTTY = 25;

    // <linux/fs.h>: _IO(0x12, n) and _IOR(0x12, 114, size_t).
    long BLKROGET = 0x125e;
    long BLKRRPART = 0x125f;
    long BLKGETSIZE64 = 0x80081272L;
    long BLKSSZGET = 0x1268;
    long BLKPG = 0x1269;
    long BLKDISCARD = 0x1277;
    long BLKPBSZGET = 0x127b;
    long BLKZEROOUT = 0x127f;

    int BLKPG_ADD_PARTITION = 1;
    int BLKPG_DEL_PARTITION = 2;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    int flock(int fd, int operation) throws LastErrorException;

    int fsync(int fd) throws LastErrorException;

    int fallocate(int fd, int mode, long offset, long len) throws LastErrorException;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    static LibC get() {
        return Holder.INSTANCE;
    }

    /** Loaded on first use, so code paths that never touch a device never load native code. */
    final class Holder {
        static final LibC INSTANCE = Native.load("c", LibC.class);

        private Holder() {
        }
    }
}
