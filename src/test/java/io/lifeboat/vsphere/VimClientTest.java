package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.HypervisorException;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.rmi.RemoteException;

import static org.assertj.core.api.Assertions.assertThat;

/** Fault translation without a server: the shapes yavijava hands us on Java 17. */
class VimClientTest {

    private static final SiteEndpoint SITE = new SiteEndpoint("http://127.0.0.1:1/sdk", "u", "p", false);

    private static RemoteException unmappedFault(String detail) {
        RuntimeException parse = new RuntimeException("Could not map the soap fault from:\n<faultcode>ServerFaultCode</faultcode>"
                + "<faultstring>the reason</faultstring><detail>" + detail + "</detail>");
        return new RemoteException("Exception in SoapClient.invoke:", parse);
    }

    @Test
    void fault_type_is_read_from_the_xml_yavijava_could_not_map() {
        assertThat(VimClient.faultType(unmappedFault(
                "<DuplicateNameFault xmlns=\"urn:vim25\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"DuplicateName\"><name>x</name></DuplicateNameFault>")))
                .isEqualTo("DuplicateName");
        assertThat(VimClient.faultType(unmappedFault("<NotAuthenticatedFault xmlns=\"urn:vim25\"><object>x</object></NotAuthenticatedFault>")))
                .isEqualTo("NotAuthenticated");
        assertThat(VimClient.faultType(new RemoteException("plain I/O trouble"))).isNull();
    }

    @Test
    void faults_map_to_the_contracts_kinds_with_readable_messages() {
        VimClient client = new VimClient(SITE);
        assertThat(client.translate(unmappedFault("<InvalidLoginFault xmlns=\"urn:vim25\" xsi:type=\"InvalidLogin\"></InvalidLoginFault>"), "log in").kind())
                .isEqualTo(HypervisorException.Kind.AUTHENTICATION);
        assertThat(client.translate(unmappedFault("<ManagedObjectNotFoundFault xsi:type=\"ManagedObjectNotFound\"><obj type=\"VirtualMachine\">vm-1</obj></ManagedObjectNotFoundFault>"), "power on vm-1").kind())
                .isEqualTo(HypervisorException.Kind.NOT_FOUND);
        HypervisorException other = client.translate(unmappedFault("<InvalidStateFault xsi:type=\"InvalidState\"></InvalidStateFault>"), "power on vm-1");
        assertThat(other.kind()).isEqualTo(HypervisorException.Kind.TASK_FAILED);
        assertThat(other.getMessage()).isEqualTo("vSphere refused to power on vm-1: InvalidState (the reason)");
        HypervisorException down = client.translate(new RemoteException("VI SDK invoke exception", new ConnectException("Connection refused")), "log in");
        assertThat(down.kind()).isEqualTo(HypervisorException.Kind.UNREACHABLE);
        assertThat(down.getMessage()).isEqualTo("Cannot reach vSphere at http://127.0.0.1:1/sdk: connection refused. "
                + "Check that the vCenter is running and the URL is right.");
    }
}
