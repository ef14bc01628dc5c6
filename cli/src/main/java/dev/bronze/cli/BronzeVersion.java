package dev.bronze.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (or "development" when run from classes). */
final class BronzeVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"bronze " + (v == null ? "development" : v)};
    }
}
