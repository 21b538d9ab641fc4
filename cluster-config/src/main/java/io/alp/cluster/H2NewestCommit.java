package io.alp.cluster;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.nio.file.Path;

/**
 * Makes H2 open a file a killed process left at the last commit it wrote.
 *
 * <p>Every commit of H2 (2.x, MVStore) writes a chunk, at the end of the file or into the space of chunks nothing
 * refers to any more. Opening a file that was not closed, H2 looks for the newest chunk only along a chain that starts
 * at the file's header or its last chunk: each chunk predicts where the next one goes, and the header is rewritten now
 * and then. A chunk written into freed space where its predecessor did not predict it is off that chain, and so are
 * the chunks after it until the header is next rewritten: H2 opens the file at an older commit and the newer ones,
 * acknowledged and complete on disk, are gone (and their space is taken by the next writes). Space is freed
 * {@code RETENTION_TIME} (45 s by default) after a chunk died, so any session that runs longer than that is exposed,
 * with or without {@link EmbeddedStoreCompaction}.
 *
 * <p>H2's recovery mode scans the whole file instead and takes the newest chunk whose data is all there; closing the
 * store then writes a header that points at it, so the next open starts there.
 */
final class H2NewestCommit {

    private H2NewestCommit() {
    }

    /**
     * Points the header of {@code mvFile} at the newest complete commit in it. Throws {@link MVStoreException} when
     * the file cannot be read, with {@link DataUtils#ERROR_FILE_LOCKED} when a process has it open.
     */
    static void restore(Path mvFile) {
        MVStore store = new MVStore.Builder().fileName(mvFile.toString()).recoveryMode().open();
        store.close();
    }

    static boolean lockedByAnotherProcess(MVStoreException e) {
        return e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED;
    }
}
