package dev.bronze.hardware.smbios;

/** Type 19: a range of physical addresses mapped to a memory array; byte addresses, end inclusive. */
public record MappedAddress(long startAddress, long endAddress, int arrayHandle, int partitionWidth) {
}
