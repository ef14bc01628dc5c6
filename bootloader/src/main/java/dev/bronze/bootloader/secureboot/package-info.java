/**
 * Would the firmware's Secure Boot accept this EFI binary? Parses db/dbx (EFI_SIGNATURE_LISTs), computes
 * a PE image's Authenticode digest and checks its embedded PKCS#7 signatures the way EDK2's
 * DxeImageVerificationLib does, so Bronze can refuse to stage a binary that would leave the node in
 * the firmware's boot menu with "Access Denied".
 */
package dev.bronze.bootloader.secureboot;
