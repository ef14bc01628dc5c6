package dev.bronze.hardware.smbios;

/**
 * Type 38: the BMC's IPMI system interface. {@code baseAddress} is the I/O port, memory address or
 * SMBus slave address; {@code addressSpace} is "I/O", "Memory-mapped" or "SMBus".
 */
public record IpmiDevice(String interfaceType, String specificationVersion, long baseAddress, String addressSpace) {
}
