package io.alp.traffic.store;

/** The dataset store cannot be reached or written; the message names the database (never its password). */
public class DatasetStoreException extends RuntimeException {

    public DatasetStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
