package io.lifeboat.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.HypervisorException.Kind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static io.lifeboat.vsphere.VimClient.mor;

/**
 * The VM folders below a datacenter's VM folder, by path ("production/acme"): looked up (or made) segment by segment,
 * and cached both ways, since folder ids rarely change; {@link #clear} after logging in again.
 */
final class VmFolders {

    private final VimClient vim;
    private final Supplier<DatacenterLayout> layout;
    private final Map<String, ManagedObjectReference> foldersByPath = new ConcurrentHashMap<>();
    private final Map<String, String> folderPaths = new ConcurrentHashMap<>();

    VmFolders(VimClient vim, Supplier<DatacenterLayout> layout) {
        this.vim = vim;
        this.layout = layout;
    }

    void clear() {
        foldersByPath.clear();
        folderPaths.clear();
    }

    /** Folder {@code folderId} has {@code path}, as a listing found it. */
    void known(String folderId, String path) {
        folderPaths.put(folderId, path);
    }

    /** The cached id of {@code path} is stale (the folder was removed and made again): it is looked up again. */
    void forget(String path) {
        ManagedObjectReference stale = foldersByPath.remove(path);
        if (stale != null) {
            folderPaths.remove(stale.getVal());
        }
    }

    /** The path of folder {@code folderId}, from a listing's {@code folderParents} (id → {name, parent id}) and what is known. */
    String resolve(String folderId, Map<String, String[]> folderParents) {
        String known = folderPaths.get(folderId);
        if (known != null) {
            return known;
        }
        String[] entry = folderParents.get(folderId);
        if (entry == null || entry[1] == null) {
            return pathOf(mor("Folder", folderId));
        }
        String parentPath = resolve(entry[1], folderParents);
        String path = parentPath.isEmpty() ? entry[0] : parentPath + "/" + entry[0];
        folderPaths.put(folderId, path);
        return path;
    }

    static String normalize(String folderPath) {
        if (folderPath == null) {
            return "";
        }
        String p = folderPath.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The folder at the path below the VM folder; created segment by segment when {@code create}, else NOT_FOUND. */
    ManagedObjectReference byPath(String path, boolean create) {
        ManagedObjectReference cached = foldersByPath.get(path);
        if (cached != null) {
            return cached;
        }
        DatacenterLayout s = layout.get();
        if (path.isEmpty()) {
            return s.vmFolder();
        }
        int slash = path.lastIndexOf('/');
        String parentPath = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        ManagedObjectReference parent = byPath(parentPath, create);
        ManagedObjectReference found = findChild(parent, name);
        if (found == null && create) {
            try {
                found = vim.call("create folder " + path, (v, sc) -> v.createFolder(parent, name));
            } catch (HypervisorException e) {
                if (!VimClient.isFault(e, "DuplicateName")) { // someone else was quicker
                    throw e;
                }
                found = findChild(parent, name);
            }
        }
        if (found == null) {
            throw new HypervisorException(Kind.NOT_FOUND, "There is no folder '" + path + "' at " + vim.endpoint().url() + ".");
        }
        foldersByPath.put(path, found);
        folderPaths.put(found.getVal(), path);
        return found;
    }

    private ManagedObjectReference findChild(ManagedObjectReference parent, String name) {
        return vim.call("look up folder " + name, (v, sc) -> v.findChild(sc.getSearchIndex(), parent, name));
    }

    /** Path of a folder below the VM folder, walking up (and caching) when it was not seen yet. */
    String pathOf(ManagedObjectReference folder) {
        DatacenterLayout s = layout.get();
        if (folder.getVal().equals(s.vmFolder().getVal())) {
            return "";
        }
        String known = folderPaths.get(folder.getVal());
        if (known != null) {
            return known;
        }
        Map<String, Object> p = vim.properties(folder, "name", "parent");
        ManagedObjectReference parent = (ManagedObjectReference) p.get("parent");
        if (parent == null || !"Folder".equals(parent.getType())) {
            return (String) p.get("name"); // outside the VM folder: not expected for VMs
        }
        String parentPath = pathOf(parent);
        String path = parentPath.isEmpty() ? (String) p.get("name") : parentPath + "/" + p.get("name");
        folderPaths.put(folder.getVal(), path);
        return path;
    }
}
