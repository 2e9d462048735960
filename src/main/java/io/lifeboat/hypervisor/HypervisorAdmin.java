package io.lifeboat.hypervisor;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * A {@link Hypervisor} session that may also build inventory (the lab seed, tests, benchmarks) and move datastore
 * files (failback copies a replica's disks back to the tenant site). Same error contract as {@link Hypervisor}.
 */
public interface HypervisorAdmin extends Hypervisor {

    /** Creates the folder path (e.g. {@code tenants/acme}) below the datacenter's VM folder; existing parts are kept. Returns the folder id. */
    String createFolder(String folderPath);

    /** Creates a powered-off VM as {@code spec} says and returns its id; throws TASK_FAILED if the name is taken in that folder. */
    String createVm(NewVm spec, Duration timeout);

    /** Marks a powered-off VM as a template (it can then be cloned but never powered on). A template already is left as it is. */
    void markAsTemplate(String vmId);

    /** Adds a standard port group with this VLAN on the first virtual switch of every host; hosts that have it already are skipped. */
    void addHostPortGroup(String name, int vlanId);

    /** The files in the VM's directory on its datastore (configuration, disks, snapshots), sizes in bytes. */
    List<DatastoreFile> listVmFiles(String vmId);

    /**
     * Streams a datastore file ({@code [datastore] dir/file.vmdk}) from {@code offset} on (an HTTP {@code Range} request).
     * The caller closes the stream. Throws NOT_FOUND if there is no such file.
     */
    InputStream download(String datastorePath, long offset);

    /** Writes {@code length} bytes from {@code data} to a datastore file, replacing it; streams, never buffers the whole file. */
    void upload(String datastorePath, InputStream data, long length);

    /**
     * Renames a datastore file within the datacenter, replacing the destination if it exists (FileManager's
     * {@code MoveDatastoreFile_Task}, force). Throws NOT_FOUND or TASK_FAILED if the source is missing.
     */
    void moveFile(String sourcePath, String destinationPath, Duration timeout);

    /** Deletes a datastore file; a file already gone is not an error (retries and clean-ups are safe). */
    void deleteFile(String datastorePath, Duration timeout);
}
