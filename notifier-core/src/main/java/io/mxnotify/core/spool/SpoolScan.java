package io.mxnotify.core.spool;

import java.util.List;

/**
 * What a scan of the spool found.
 *
 * @param entries     the notifications waiting for delivery, oldest (lowest sequence) first
 * @param quarantined files moved aside during this scan because they could not be read
 */
public record SpoolScan(List<SpoolEntry> entries, List<QuarantinedFile> quarantined) {

    /** Takes immutable copies. */
    public SpoolScan {
        entries = List.copyOf(entries);
        quarantined = List.copyOf(quarantined);
    }
}
