package dev.bronze.hardware.block;

import java.nio.channels.FileChannel;

/**
 * A device whose bytes are a {@link FileChannel} from {@code base()} on: lets {@link BlockCopy}
 * hand copies to the kernel (sendfile/copy_file_range) instead of moving them through user space.
 */
interface ChannelBacked {

    FileChannel channel();

    /** Byte offset of this device's byte 0 in {@link #channel()}. */
    long base();
}
