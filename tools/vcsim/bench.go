package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

// createBenchVMs fills the folder with replica-like VMs (NIC, guest IP, snapshots) in-process, which is
// far faster than thousands of SOAP round trips from the benchmark.
func createBenchVMs(ctx context.Context, model *simulator.Model, folderPath string, n, snaps int) error {
	c, err := vim25.NewClient(ctx, model.Service)
	if err != nil {
		return err
	}
	finder := find.NewFinder(c)
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return err
	}
	finder.SetDatacenter(dc)
	folders, err := dc.Folders(ctx)
	if err != nil {
		return err
	}
	folder := folders.VmFolder
	for _, name := range strings.Split(folderPath, "/") {
		if folder, err = folder.CreateFolder(ctx, name); err != nil {
			return err
		}
	}
	pool, err := finder.DefaultResourcePool(ctx)
	if err != nil {
		return err
	}
	network, err := finder.Network(ctx, "VM Network")
	if err != nil {
		return err
	}
	backing, err := network.EthernetCardBackingInfo(ctx)
	if err != nil {
		return err
	}

	work := make(chan int)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				errs <- createBenchVM(ctx, c, folder, pool, backing, i, snaps)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func createBenchVM(ctx context.Context, c *vim25.Client, folder *object.Folder, pool *object.ResourcePool,
	backing types.BaseVirtualDeviceBackingInfo, i, snaps int) error {
	var devices object.VirtualDeviceList
	nic, err := devices.CreateEthernetCard("vmxnet3", backing)
	if err != nil {
		return err
	}
	devices = append(devices, nic)
	changes, err := devices.ConfigSpec(types.VirtualDeviceConfigSpecOperationAdd)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("bench-%05d_replica", i)
	spec := types.VirtualMachineConfigSpec{
		Name: name, GuestId: string(types.VirtualMachineGuestOsIdentifierOtherGuest),
		NumCPUs: 2, MemoryMB: 2048, DeviceChange: changes,
		Files: &types.VirtualMachineFileInfo{VmPathName: "[LocalDS_0]"},
		ExtraConfig: []types.BaseOptionValue{&types.OptionValue{Key: "SET.guest.ipAddress",
			Value: fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256)}},
	}
	task, err := folder.CreateVM(ctx, spec, pool, nil)
	if err != nil {
		return err
	}
	info, err := task.WaitForResult(ctx, nil)
	if err != nil {
		return err
	}
	vm := object.NewVirtualMachine(c, info.Result.(types.ManagedObjectReference))
	for s := 0; s < snaps; s++ {
		task, err := vm.CreateSnapshot(ctx, fmt.Sprintf("Restore point %d", s), "bench restore point", false, false)
		if err != nil {
			return err
		}
		if err := task.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}
