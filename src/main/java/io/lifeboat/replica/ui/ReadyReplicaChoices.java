package io.lifeboat.replica.ui;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The first two steps the failover and test failover wizards share: the tenant's Ready replicas as one labelled checkbox
 * each (stable ids {@code <prefix>pick-<vm>}; plain checkboxes rather than a grid: each is one Tab stop for the keyboard
 * and wraps on a phone), preselected from the replica grid, and a restore point per chosen VM (ids
 * {@code <prefix>rp-<vm>}, the newest preselected). It only collects choices; the wizards' services decide.
 */
public class ReadyReplicaChoices {

    private final ReplicaOverviewService overview;
    private final String idPrefix;
    private final Div vmList = new Div();
    private final Set<ReplicaRow> picked = new LinkedHashSet<>();
    private final Map<Long, Select<RestorePointInfo>> restorePoints = new LinkedHashMap<>();

    /**
     * @param listId        the id of the checkbox list
     * @param onPickedChange told whether any VM is picked after each change (a wizard enables its Next with it)
     */
    public ReadyReplicaChoices(ReplicaOverviewService overview, Set<ReplicaRow> preselected, String idPrefix, String listId,
                               Consumer<Boolean> onPickedChange) {
        this.overview = overview;
        this.idPrefix = idPrefix;
        vmList.setId(listId);
        vmList.addClassName("lb-vm-list");
        vmList.getElement().setAttribute("role", "group");
        vmList.getElement().setAttribute("aria-label", "Ready replicas");
        List<ReplicaRow> ready = overview.list(new ReplicaFilter(null, ReplicaState.READY), List.of(new ReplicaSort("vmName", true)), 0, 1000);
        ready.stream().filter(row -> preselected.stream().anyMatch(p -> p.id() == row.id())).forEach(picked::add);
        for (ReplicaRow row : ready) {
            Checkbox pick = new Checkbox(picked.contains(row));
            pick.setId(idPrefix + "pick-" + row.vmName());
            pick.setLabelComponent(new Span(new Span(row.vmName()), new Span(" · " + row.ipAddress() + " · " + row.cpus() + " vCPU, "
                    + Formats.memory(row.memoryMb()) + " · " + row.restorePoints() + " restore points")));
            pick.addValueChangeListener(e -> {
                if (e.getValue()) {
                    picked.add(row);
                } else {
                    picked.remove(row);
                }
                onPickedChange.accept(!picked.isEmpty());
            });
            vmList.add(pick);
        }
        if (ready.isEmpty()) {
            vmList.add(new Paragraph("No replica is Ready."));
        }
    }

    /** Step 1: the checkbox list. */
    public Div vmList() {
        return vmList;
    }

    public boolean anyPicked() {
        return !picked.isEmpty();
    }

    /** The picked VMs by name. */
    public List<ReplicaRow> chosen() {
        return picked.stream().sorted(Comparator.comparing(ReplicaRow::vmName)).toList();
    }

    /** Step 2: the VM's restore point select, made once and kept, so going back and forth keeps the choice. */
    public Select<RestorePointInfo> restorePointSelect(ReplicaRow vm) {
        return restorePoints.computeIfAbsent(vm.id(), id -> {
            List<RestorePointInfo> points = overview.restorePoints(vm.id());
            Select<RestorePointInfo> select = new Select<>();
            select.setId(idPrefix + "rp-" + vm.vmName());
            select.setItems(points);
            Instant opened = Instant.now();
            select.setItemLabelGenerator(p -> label(p, opened));
            select.setWidthFull();
            if (!points.isEmpty()) {
                select.setValue(points.get(0)); // newest first: the latest restore point is the default
            }
            return select;
        });
    }

    /** The restore point chosen for the VM; null when it has none. */
    public RestorePointInfo restorePoint(ReplicaRow vm) {
        return restorePointSelect(vm).getValue();
    }

    /**
     * "Before patching · 2026-12-06 14:10:00, 5 min ago"; "Restore point 2026-12-06 02:00 · 9 h ago" where the name says
     * its time to the minute already. The age says at a glance how much a failover from it loses.
     */
    static String label(RestorePointInfo point, Instant now) {
        boolean named = point.createdAt() != null && point.name().contains(Formats.minute(point.createdAt()));
        return point.name() + " · " + (named ? "" : Formats.time(point.createdAt()) + ", ") + Formats.since(point.createdAt(), now);
    }

    /** The chosen restore point's id, or -1 (nobody's: the service refuses it by name) when the VM has none. */
    public long restorePointId(ReplicaRow vm) {
        RestorePointInfo point = restorePoint(vm);
        return point == null ? -1 : point.id();
    }

    /** "vm (ip) from "point"", as both summaries list a VM. */
    public String summaryLine(ReplicaRow vm) {
        RestorePointInfo point = restorePoint(vm);
        return vm.vmName() + " (" + vm.ipAddress() + ") from " + (point == null ? "no restore point" : "\"" + point.name() + "\"");
    }
}
