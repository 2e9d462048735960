package io.lifeboat.webhooks.web;

import io.lifeboat.shared.PageNumber;
import io.lifeboat.shared.PageSize;
import io.lifeboat.webhooks.RegisteredWebhook;
import io.lifeboat.webhooks.WebhookDeliveryInfo;
import io.lifeboat.webhooks.WebhookEndpointInfo;
import io.lifeboat.webhooks.WebhookEvent;
import io.lifeboat.webhooks.WebhookService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Webhook endpoints of the caller's tenant (or the provider's own) and their deliveries. */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping
    @Operation(summary = "Registered endpoints")
    List<WebhookEndpointInfo> endpoints() {
        return webhooks.endpoints();
    }

    /** The receiver's URL and the events it wants (failover.started, vm.reachable, replica.failed, failover.undone, ...). */
    record EndpointBody(String url, Set<WebhookEvent> events) {
    }

    @PostMapping
    @Operation(summary = "Register an endpoint; the answer holds its signing secret, shown this once")
    ResponseEntity<RegisteredWebhook> register(@RequestBody EndpointBody body) {
        RegisteredWebhook registered = webhooks.register(body.url(), body.events());
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + registered.endpoint().id())).body(registered);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove an endpoint and its deliveries")
    ResponseEntity<Void> remove(@PathVariable long id) {
        if (webhooks.endpoints().stream().noneMatch(e -> e.id() == id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no webhook with id " + id + " in your organisation.");
        }
        webhooks.remove(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/deliveries")
    @Operation(summary = "Deliveries to the caller's endpoints with their outcome, newest first")
    List<WebhookDeliveryInfo> deliveries(@RequestParam(defaultValue = "0") @PageNumber int page,
                                         @RequestParam(defaultValue = "50") @PageSize int size) {
        return webhooks.deliveries(page * size, size);
    }
}
