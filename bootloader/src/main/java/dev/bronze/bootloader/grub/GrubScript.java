package dev.bronze.bootloader.grub;

/** Quoting for GRUB script words (the shell-like lexer of {@code grub-core/script/yylex.l}). */
final class GrubScript {

    private GrubScript() {
    }

    /**
     * One GRUB word that reaches the command as exactly {@code s}: bare when it holds only safe
     * characters, otherwise single-quoted ('...' is literal in GRUB, '$' included), with embedded
     * single quotes closed, escaped and reopened.
     */
    static String word(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./,:=@%+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
