package dev.bronze.hardware.fat;

import java.time.Clock;
import java.time.LocalDateTime;

/**
 * FAT timestamps: local date and time in 16-bit fields, 2-second resolution plus a creation
 * "tenth" byte (fatgen103 §6). Years outside 1980..2107 are clamped, not wrapped.
 */
record DosTime(int date, int time, int tenths) {

    static final DosTime EPOCH = new DosTime((1 << 5) | 1, 0, 0);

    static DosTime of(LocalDateTime t) {
        if (t.getYear() < 1980) {
            return EPOCH;
        }
        if (t.getYear() > 2107) {
            return new DosTime((127 << 9) | (12 << 5) | 31, (23 << 11) | (59 << 5) | 29, 100);
        }
        int date = ((t.getYear() - 1980) << 9) | (t.getMonthValue() << 5) | t.getDayOfMonth();
        int time = (t.getHour() << 11) | (t.getMinute() << 5) | (t.getSecond() / 2);
        int tenths = (t.getSecond() % 2) * 100 + t.getNano() / 10_000_000;
        return new DosTime(date, time, tenths);
    }

    static DosTime now(Clock clock) {
        return of(LocalDateTime.ofInstant(clock.instant(), clock.getZone()));
    }

    /** Decodes stored fields; null when they do not form a valid date (readers must not throw on it). */
    static LocalDateTime decode(int date, int time) {
        int year = 1980 + ((date >> 9) & 0x7F);
        int month = (date >> 5) & 0x0F;
        int day = date & 0x1F;
        int hour = (time >> 11) & 0x1F;
        int minute = (time >> 5) & 0x3F;
        int second = (time & 0x1F) * 2;
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
