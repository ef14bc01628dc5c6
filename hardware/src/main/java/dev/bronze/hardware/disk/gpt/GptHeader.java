package dev.bronze.hardware.disk.gpt;

import java.util.UUID;

/** The fields of one GPT header as read from disk (UEFI 5.3.2, table "GPT Header"). */
public record GptHeader(int revision, int headerSize, long headerCrc, long myLba, long alternateLba,
                        long firstUsableLba, long lastUsableLba, UUID diskGuid, long entryArrayLba,
                        int entryCount, int entrySize, long entryArrayCrc) {
}
