package io.lifeboat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry points: the portal (default) and the Network Extension Appliance agent ({@code appliance …}). */
@SpringBootApplication
public class Lifeboat {

    public static void main(String[] args) {
        SpringApplication.run(Lifeboat.class, args);
    }
}
