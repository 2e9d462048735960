package io.lifeboat;

import io.lifeboat.appliance.ApplianceMain;
import io.lifeboat.gateway.GatewayMain;
import io.lifeboat.lab.PortListenerMain;
import io.lifeboat.secrets.RotateMasterKeyCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry points: the portal (default), the Network Extension Appliance agent ({@code appliance …}) and the Cloud
 * Gateway relay ({@code cloud-gateway …}), which return before Spring starts (they must be up in well under a
 * second), and the master key rotation ({@code rotate-master-key …}), which reads the portal's settings but starts
 * only a database connection.
 */
@SpringBootApplication
public class Lifeboat {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("appliance")) {
            ApplianceMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("cloud-gateway")) {
            GatewayMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("lab-port-listener")) {
            PortListenerMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("rotate-master-key")) {
            System.exit(RotateMasterKeyCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(Lifeboat.class, args);
    }
}
