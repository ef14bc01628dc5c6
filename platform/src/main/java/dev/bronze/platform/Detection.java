package dev.bronze.platform;

import dev.bronze.hardware.devicetree.Board;
import java.util.List;

/**
 * The answer of {@link Detector}.
 *
 * @param platform   the platform id ({@code "aws"}, {@code "metal"})
 * @param mode       metal, cloud or container
 * @param arch       {@code amd64}, {@code arm64}, ...
 * @param hypervisor systemd-detect-virt's name for the hypervisor, or null on bare metal
 * @param board      the device-tree board, or null
 * @param source     cmdline, detected or fallback
 * @param evidence   the lines that decided it, the winner's first
 */
public record Detection(String platform, Mode mode, String arch, String hypervisor, Board board, Source source,
        List<Clue> evidence) {

    public Detection {
        evidence = List.copyOf(evidence);
    }
}
