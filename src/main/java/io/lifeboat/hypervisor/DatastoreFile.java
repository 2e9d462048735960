package io.lifeboat.hypervisor;

/** A file on a datastore: {@code [datastore] dir/name} and its size in bytes. */
public record DatastoreFile(String datastorePath, long size) {

    /** The datastore's name, e.g. {@code LocalDS_0}. */
    public String datastore() {
        return datastorePath.substring(1, datastorePath.indexOf(']'));
    }

    /** The path inside the datastore, e.g. {@code web-01_replica/web-01_replica.vmdk}. */
    public String path() {
        return datastorePath.substring(datastorePath.indexOf(']') + 1).trim();
    }

    public String fileName() {
        String p = path();
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
