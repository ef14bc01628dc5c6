package dev.bronze.installer.node;

import dev.bronze.installer.Installer;
import java.io.IOException;

/**
 * Opens the A/B session of the node the agent runs on: its system disk with the booted slot
 * resolved. The caller closes the session. On a node that is {@link dev.bronze.installer.LiveNode#open}
 * (the ESP mounted privately while the session is open); tests hand an image file.
 */
@FunctionalInterface
public interface NodeSessions {

    Installer.Session open() throws IOException;
}
