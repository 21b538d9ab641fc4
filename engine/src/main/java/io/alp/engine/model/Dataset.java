package io.alp.engine.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A frozen set of cases. Candidates are comparable only on the same dataset, which the content hash identifies. */
public record Dataset(String id, String contentHash, String source, List<Case> cases) {

    public Dataset {
        cases = List.copyOf(cases);
    }

    public static Dataset freeze(String source, List<Case> cases) {
        String hash = hash(cases);
        return new Dataset("ds-" + hash.substring(0, 12), hash, source, cases);
    }

    public int size() {
        return cases.size();
    }

    public DatasetRef ref() {
        return new DatasetRef(id, contentHash, source, cases.size());
    }

    static String hash(List<Case> cases) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Case c : cases) {
                sha.update(c.id().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(c.input().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(c.attributes().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 1);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
