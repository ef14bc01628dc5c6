/**
 * Modalias matching exactly like kmod ({@code modprobe -R}, udev's {@code kmod load}).
 *
 * <p>Entry points: {@link dev.bronze.hardware.modalias.ModaliasResolver} (built once per module
 * tree or manifest, then thread-safe), fed by {@link dev.bronze.hardware.modalias.ModuleTreeReader}
 * (a {@code lib/modules/VERSION} folder) or by a drivers manifest, and optionally a
 * {@link dev.bronze.hardware.modalias.ModprobeConfig}; answers are
 * {@link dev.bronze.hardware.modalias.Resolution}s. {@link dev.bronze.hardware.modalias.Fnmatch} is
 * glibc's {@code fnmatch(3)} with flags 0, byte for byte.
 */
package dev.bronze.hardware.modalias;
