package dev.bronze.hardware.smbios;

/** Type 41: a device soldered to the board, with the firmware's name for it ("Integrated NIC 1"). */
public record OnboardDevice(String designation, String type, boolean enabled, int instance, String busAddress) {
}
