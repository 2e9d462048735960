package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.failback.FailbackTarget;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.TenancyService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Who may do what, enumerated rather than sampled: every Vaadin route, and every public method of every Spring
 * service that a view (any class in a {@code ui} package) depends on, is called by each of five callers, and the
 * outcome is checked against an explicit rule. A route or service method without a rule fails the test, naming it.
 * Discovery is by annotation and package name, so classes may move between packages freely.
 *
 * <p>Callers: anonymous, a viewer and an operator of the tenant that owns the objects used (acme), an operator of
 * another tenant (globex), the provider. Objects are acme's: a Ready replica, its restore point, a task. Operator
 * actions are called with arguments that pass the authorisation check but then stop (a replica in the wrong state,
 * a restore point of another replica), so the matrix changes nothing but what a sync refreshes.
 *
 * <p>A leak is a caller that the rule refuses getting through, or another tenant's caller seeing any of acme's
 * names. An over-refusal is an allowed caller refused. Both must be zero.
 */
@LabTest
class AuthorisationMatrixTest {

    enum Caller {
        ANONYMOUS(null), VIEWER("acme-viewer"), OPERATOR("acme-admin"), OTHER_TENANT_OPERATOR("globex-admin"), PROVIDER("provider");

        final String username;

        Caller(String username) {
            this.username = username;
        }
    }

    /** Who may call; another tenant's operator is always checked for seeing nothing of the owning tenant. */
    enum Rule {
        /** Anyone, logged in or not (the login and no-access pages). */
        ANYONE(Caller.values()),
        /** Any logged-in user; each sees their own tenant's data, the provider every tenant's. */
        SIGNED_IN(Caller.VIEWER, Caller.OPERATOR, Caller.OTHER_TENANT_OPERATOR, Caller.PROVIDER),
        /** Tenant users reading their own tenant's data. */
        TENANT_READ(Caller.VIEWER, Caller.OPERATOR, Caller.OTHER_TENANT_OPERATOR),
        /** Tenant operators changing their own tenant's objects; another tenant's operator gets "not found". */
        TENANT_OPERATOR(Caller.OPERATOR, Caller.OTHER_TENANT_OPERATOR),
        /**
         * Tenant operators asking what an action would find (the failover's pre-flight, which powers NEA VMs on to probe):
         * another tenant's ids are answered inside the answer as missing ones, naming nothing of theirs.
         */
        TENANT_OPERATOR_CHECK(Caller.OPERATOR, Caller.OTHER_TENANT_OPERATOR),
        /** The provider's administrators only. */
        PROVIDER(Caller.PROVIDER),
        /** Operators of a tenant (for their own tenant) and the provider (for the provider's own): e.g. webhook endpoints. */
        OPERATOR_OR_PROVIDER(Caller.OPERATOR, Caller.OTHER_TENANT_OPERATOR, Caller.PROVIDER),
        /**
         * Acts on the caller's own objects only (an API token, a webhook endpoint); the matrix calls it with an id that
         * is nobody's, so every caller must be refused exactly as for a missing one. Acting on one's own is tested by
         * the automation and webhook tests.
         */
        OWN_OBJECTS_ONLY(),
        /**
         * The holder of a one-time link (first administrator, set password): the token is the key, so being logged in
         * grants nothing; the matrix presents a token that is nobody's, which every caller must be refused. Using a real
         * link is tested by ProviderAdministrationTest and the browser tests.
         */
        LINK_HOLDER_ONLY();

        final Set<Caller> allowed;

        Rule(Caller... allowed) {
            this.allowed = Set.copyOf(Arrays.asList(allowed));
        }
    }

    /** The rules, by "SimpleClassName.method" for services and by route path for views. */
    static final Map<String, Rule> SERVICE_RULES = Map.ofEntries(
            Map.entry("ReplicaOverviewService.list", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.count", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.find", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.progress", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.restorePoints", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.tunnels", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.neaCopies", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.sitesHealth", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.tunnelHistory", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.timesToReachable", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.failbackRates", Rule.TENANT_READ),
            Map.entry("ReplicaOverviewService.refresh", Rule.TENANT_OPERATOR),
            Map.entry("ReplicaOverviewService.keepTenantNeaRunning", Rule.TENANT_OPERATOR),
            Map.entry("ReplicaOverviewService.tenantDisplayName", Rule.SIGNED_IN),
            Map.entry("ReplicaOverviewService.networkExtensionUnavailableReason", Rule.SIGNED_IN),
            Map.entry("ReplicaOperations.operatorAndReplica", Rule.TENANT_OPERATOR),
            Map.entry("ReplicaOperations.retry", Rule.TENANT_OPERATOR),
            Map.entry("ProviderDashboardService.tenants", Rule.PROVIDER),
            Map.entry("ProviderDashboardService.allTunnels", Rule.PROVIDER),
            Map.entry("ProviderDashboardService.tenantsAndTunnels", Rule.PROVIDER),
            Map.entry("ProviderDashboardService.replicasInFailover", Rule.PROVIDER),
            Map.entry("ProviderDashboardService.networkExtensionUnavailableReason", Rule.PROVIDER),
            Map.entry("ProviderDashboardService.failoversPerDay", Rule.PROVIDER),
            Map.entry("ProviderDashboardService.timesToReachableByTenant", Rule.PROVIDER),
            Map.entry("FailoverService.preflight", Rule.TENANT_OPERATOR_CHECK),
            Map.entry("FailoverService.startFailover", Rule.TENANT_OPERATOR),
            Map.entry("FailoverService.undoFailover", Rule.TENANT_OPERATOR),
            Map.entry("FailoverService.warmUpNetworks", Rule.TENANT_OPERATOR),
            Map.entry("FailoverService.announceFailover", Rule.TENANT_OPERATOR),
            Map.entry("FailoverService.powerOffOriginal", Rule.TENANT_OPERATOR),
            Map.entry("FailbackService.startFailback", Rule.TENANT_OPERATOR),
            Map.entry("FailbackService.cancelFailback", Rule.TENANT_OPERATOR),
            Map.entry("FailbackService.commitFailback", Rule.TENANT_OPERATOR),
            Map.entry("FailbackService.undoFailback", Rule.TENANT_OPERATOR),
            Map.entry("TaskService.tenantNames", Rule.SIGNED_IN),
            Map.entry("TaskService.isProvider", Rule.SIGNED_IN),
            Map.entry("TaskService.list", Rule.SIGNED_IN),
            Map.entry("TaskService.count", Rule.SIGNED_IN),
            Map.entry("TaskService.find", Rule.SIGNED_IN),
            Map.entry("TaskService.logOf", Rule.SIGNED_IN),
            Map.entry("TaskService.figures", Rule.SIGNED_IN),
            Map.entry("TaskService.startedPerDay", Rule.SIGNED_IN),
            // Everyone manages their own API tokens; a token acts with its owner's current role.
            Map.entry("ApiTokenService.create", Rule.SIGNED_IN),
            Map.entry("ApiTokenService.mine", Rule.SIGNED_IN),
            Map.entry("ApiTokenService.signInCondition", Rule.SIGNED_IN),
            Map.entry("ApiTokenService.revoke", Rule.OWN_OBJECTS_ONLY),
            // The bearer filter's check of a presented token: anonymous by nature, it answers nothing for a wrong one.
            Map.entry("ApiTokenService.authenticate", Rule.ANYONE),
            // The lab banner's demo tokens: refuses to run outside the lab profile (this matrix runs in the lab).
            Map.entry("ApiTokenService.issueLabToken", Rule.ANYONE),
            // Tenants read their own audit rows, the provider all.
            Map.entry("AuditLog.list", Rule.SIGNED_IN),
            Map.entry("AuditLog.count", Rule.SIGNED_IN),
            Map.entry("AuditLog.csv", Rule.SIGNED_IN),
            Map.entry("AuditLog.verify", Rule.SIGNED_IN),
            Map.entry("WebhookService.register", Rule.OPERATOR_OR_PROVIDER),
            Map.entry("WebhookService.remove", Rule.OWN_OBJECTS_ONLY),
            Map.entry("WebhookService.endpoints", Rule.SIGNED_IN),
            Map.entry("WebhookService.deliveries", Rule.SIGNED_IN),
            Map.entry("WebhookService.eventsToChooseFrom", Rule.SIGNED_IN),
            // Drills: the matrix names a drill that is nobody's, so the operator is stopped ("no test failover with id");
            // another tenant's real drill is refused alike in DrillIntegrationTest. The provider reads every tenant's.
            Map.entry("DrillService.start", Rule.TENANT_OPERATOR),
            Map.entry("DrillService.end", Rule.TENANT_OPERATOR),
            Map.entry("DrillService.canEnd", Rule.SIGNED_IN),
            Map.entry("DrillService.drills", Rule.SIGNED_IN),
            Map.entry("DrillService.find", Rule.SIGNED_IN),
            Map.entry("DrillService.findStartedBy", Rule.SIGNED_IN),
            Map.entry("DrillService.problems", Rule.TENANT_OPERATOR_CHECK),
            Map.entry("DrillReportService.reportPdf", Rule.SIGNED_IN),
            Map.entry("DrillReportService.reportJson", Rule.SIGNED_IN),
            Map.entry("DrillReportService.verify", Rule.SIGNED_IN),
            // Schedules: created with an invalid cron expression, so an operator is stopped after the check; deleted by an
            // id that is nobody's. Another tenant's real schedule is refused alike in DrillScheduleIntegrationTest.
            Map.entry("DrillScheduleService.schedules", Rule.SIGNED_IN),
            Map.entry("DrillScheduleService.create", Rule.TENANT_OPERATOR),
            Map.entry("DrillScheduleService.delete", Rule.TENANT_OPERATOR),
            // Provider administration (issue 17): sites and tenants are the provider's; accounts are managed by the
            // provider and by a tenant's operators (their own tenant's only); the first run and password links need no login.
            Map.entry("GatewayHostService.unavailableReason", Rule.PROVIDER),
            Map.entry("GatewayHostService.gatewayHosts", Rule.PROVIDER),
            Map.entry("GatewayHostService.enrol", Rule.PROVIDER),
            Map.entry("GatewayHostService.remove", Rule.PROVIDER),
            Map.entry("ApplianceCopyService.refusedCopies", Rule.PROVIDER),
            Map.entry("ApplianceCopyService.copiesAtMySite", Rule.TENANT_READ),
            Map.entry("SiteService.listSites", Rule.PROVIDER),
            Map.entry("SiteService.stoppedSites", Rule.PROVIDER),
            Map.entry("SiteService.testConnection", Rule.PROVIDER),
            Map.entry("SiteService.saveSite", Rule.PROVIDER),
            Map.entry("SiteService.deleteSite", Rule.PROVIDER),
            Map.entry("SiteService.folders", Rule.PROVIDER),
            Map.entry("SiteService.networks", Rule.PROVIDER),
            Map.entry("TenantAdministrationService.tenants", Rule.PROVIDER),
            Map.entry("TenantAdministrationService.tenant", Rule.PROVIDER),
            Map.entry("TenantAdministrationService.save", Rule.PROVIDER),
            Map.entry("TenantAdministrationService.setEnabled", Rule.PROVIDER),
            Map.entry("TenantAdministrationService.removeNetwork", Rule.PROVIDER),
            Map.entry("UserAdministrationService.users", Rule.OPERATOR_OR_PROVIDER),
            Map.entry("UserAdministrationService.user", Rule.OPERATOR_OR_PROVIDER),
            Map.entry("UserAdministrationService.tenantNames", Rule.OPERATOR_OR_PROVIDER),
            Map.entry("UserAdministrationService.createUser", Rule.OPERATOR_OR_PROVIDER),
            Map.entry("UserAdministrationService.changeRole", Rule.OPERATOR_OR_PROVIDER),
            Map.entry("UserAdministrationService.setEnabled", Rule.OPERATOR_OR_PROVIDER),
            Map.entry("UserAdministrationService.resetPassword", Rule.OPERATOR_OR_PROVIDER),
            Map.entry("UserAdministrationService.passwordLinkOwner", Rule.ANYONE),
            Map.entry("UserAdministrationService.setPasswordWithLink", Rule.LINK_HOLDER_ONLY),
            Map.entry("FirstRunService.administratorMissing", Rule.ANYONE),
            // Issues a setup token only while no provider administrator exists (never here); called at start.
            Map.entry("FirstRunService.openSetup", Rule.ANYONE),
            Map.entry("FirstRunService.setupTokenValid", Rule.ANYONE),
            Map.entry("FirstRunService.createFirstAdministrator", Rule.LINK_HOLDER_ONLY));

    static final Map<String, Rule> ROUTE_RULES = Map.ofEntries(
            Map.entry("", Rule.SIGNED_IN),
            Map.entry("api-tokens", Rule.SIGNED_IN),
            Map.entry("audit", Rule.SIGNED_IN),
            Map.entry("webhooks", Rule.SIGNED_IN),
            Map.entry("login", Rule.ANYONE),
            Map.entry("no-access", Rule.ANYONE),
            Map.entry("replicas", Rule.TENANT_READ),
            Map.entry("replica", Rule.TENANT_READ),
            Map.entry("tasks", Rule.SIGNED_IN),
            Map.entry("drills", Rule.SIGNED_IN),
            Map.entry("provider", Rule.PROVIDER),
            Map.entry("admin/sites", Rule.PROVIDER),
            Map.entry("admin/tenants", Rule.PROVIDER),
            Map.entry("admin/gateways", Rule.PROVIDER),
            Map.entry("users", Rule.OPERATOR_OR_PROVIDER),
            // One-time links: the page opens for anyone and, for a token that is nobody's, says the link is not valid.
            Map.entry("setup/:token", Rule.ANYONE),
            Map.entry("password/:token", Rule.ANYONE));

    private static final String BASE_PACKAGE = "io.lifeboat";

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired AsUser as;
    @Autowired ReplicaOverviewService overview;
    @Autowired TenancyService tenancy;
    @Autowired TaskRecorder taskRecorder;

    private ReplicaRow ownedReplica;
    private RestorePointInfo otherReplicasPoint;
    private long ownedTask;
    private long owningTenant;
    private Set<String> ownersNames;

    @BeforeEach
    void acmesObjects() {
        owningTenant = tenancy.findTenantByName("acme").orElseThrow().id();
        List<ReplicaRow> replicas = as.call("acme-admin", () -> overview.list(ReplicaFilter.none(), List.of(), 0, 100));
        ownedReplica = replicas.stream().filter(r -> r.vmName().equals("web-02")).findFirst().orElseThrow();
        ReplicaRow mail = replicas.stream().filter(r -> r.vmName().equals("mail-01")).findFirst().orElseThrow();
        otherReplicasPoint = as.call("acme-admin", () -> overview.restorePoints(mail.id())).get(0);
        ownedTask = taskRecorder.start(TaskType.INVENTORY_SYNC, owningTenant, "Authorisation matrix probe of web-02", "acme-admin");
        taskRecorder.finish(ownedTask, TaskState.SUCCEEDED, "probe");
        ownersNames = new TreeSet<>(replicas.stream().map(ReplicaRow::vmName).toList());
        ownersNames.add("acme");
    }

    @Test
    void every_service_method_the_ui_calls_allows_exactly_whom_its_rule_says() {
        List<Method> methods = uiFacingServiceMethods();
        assertThat(missingRules(methods.stream().map(AuthorisationMatrixTest::key).toList(), SERVICE_RULES))
                .as("service methods without an authorisation rule: add one to SERVICE_RULES").isEmpty();
        Verdicts verdicts = new Verdicts();
        for (Method method : methods) {
            Object bean = context.getBean(method.getDeclaringClass());
            for (Caller caller : Caller.values()) {
                verdicts.check(key(method), SERVICE_RULES.get(key(method)), caller, call(bean, method, caller), touchesOwnedObject(method));
            }
        }
        verdicts.report("services: " + methods.size() + " methods");
    }

    @Test
    void an_authorised_target_cannot_be_forged() {
        assertThat(ReplicaOperations.Target.class.getDeclaredConstructors())
                .allSatisfy(constructor -> assertThat(Modifier.isPrivate(constructor.getModifiers())).as(constructor + " is private").isTrue());
        assertThat(Arrays.stream(ReplicaOperations.class.getMethods()).filter(m -> m.getReturnType() == ReplicaOperations.Target.class)
                .map(Method::getName)).as("the one method that hands out a Target, after its checks").containsExactly("operatorAndReplica");
    }

    @Test
    void every_route_opens_for_exactly_whom_its_rule_says() throws Exception {
        List<Class<?>> routes = routes();
        assertThat(missingRules(routes.stream().map(AuthorisationMatrixTest::path).toList(), ROUTE_RULES))
                .as("routes without an authorisation rule: add one to ROUTE_RULES").isEmpty();
        Map<Caller, String> sessions = new EnumMap<>(Caller.class);
        int address = 40;
        for (Caller caller : Caller.values()) {
            if (caller.username != null) {
                sessions.put(caller, loginSession(new RawHttp(port, "127.0.0." + address++), caller));
            }
        }
        Verdicts verdicts = new Verdicts();
        RawHttp browser = new RawHttp(port, "127.0.0.50");
        for (Class<?> route : routes) {
            String location = path(route).replace(":token", "nobodys-token")
                    + (HasUrlParameter.class.isAssignableFrom(route) ? "/" + routeParameter(route) : "");
            for (Caller caller : Caller.values()) {
                String page = navigate(browser, sessions.get(caller), location);
                verdicts.check("/" + location, ROUTE_RULES.get(path(route)), caller, pageOutcome(route, page), HasUrlParameter.class.isAssignableFrom(route));
            }
        }
        verdicts.report("routes: " + routes.size());
    }

    // --- discovery ----------------------------------------------------------------------------------------------

    /** Public methods of every @Service that a class in a {@code ui} package depends on. */
    static List<Method> uiFacingServiceMethods() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE_PACKAGE);
        Set<Class<?>> services = new java.util.HashSet<>();
        for (JavaClass view : classes) {
            if (!view.getPackageName().endsWith(".ui") && !view.getPackageName().contains(".ui.")) {
                continue;
            }
            view.getDirectDependenciesFromSelf().stream().map(d -> d.getTargetClass())
                    .filter(target -> target.getPackageName().startsWith(BASE_PACKAGE) && target.isAnnotatedWith(Service.class))
                    .forEach(target -> services.add(target.reflect()));
        }
        assertThat(services).as("views call services").isNotEmpty();
        return services.stream().flatMap(service -> Arrays.stream(service.getDeclaredMethods()))
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                .filter(m -> !takesAuthorisedTarget(m))
                .sorted(Comparator.comparing(AuthorisationMatrixTest::key)).toList();
    }

    /**
     * A method taking a {@link ReplicaOperations.Target} can only be called with one that
     * {@code ReplicaOperations.operatorAndReplica} (which is in the matrix) handed out after its checks: no caller can
     * make one, as {@link #an_authorised_target_cannot_be_forged} verifies.
     */
    private static boolean takesAuthorisedTarget(Method method) {
        return Arrays.asList(method.getParameterTypes()).contains(ReplicaOperations.Target.class);
    }

    /** The portal's routes (not the ones tests add to make pages fail). */
    static List<Class<?>> routes() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE_PACKAGE);
        List<Class<?>> routes = new ArrayList<>();
        for (JavaClass candidate : classes) {
            if (candidate.isAnnotatedWith(Route.class)) {
                routes.add(candidate.reflect());
            }
        }
        routes.sort(Comparator.comparing(AuthorisationMatrixTest::path));
        assertThat(routes).as("the portal has routes").isNotEmpty();
        return routes;
    }

    private static String key(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    private static String path(Class<?> route) {
        return route.getAnnotation(Route.class).value();
    }

    private static List<String> missingRules(List<String> found, Map<String, Rule> rules) {
        return found.stream().filter(k -> !rules.containsKey(k)).distinct().toList();
    }

    // --- services -----------------------------------------------------------------------------------------------

    /** Arguments that point at acme's objects, so another tenant's operator has something to be refused. */
    private Object argument(Parameter parameter) {
        Class<?> type = parameter.getType();
        String name = parameter.getName();
        if ((type == long.class || type == Long.class) && name.equals("replicaId")) {
            return ownedReplica.id();
        }
        if ((type == long.class || type == Long.class) && name.equals("taskId")) {
            return ownedTask;
        }
        if (changesAnAccountOrTenant(parameter)) {
            return type == String.class ? "matrix-nobody" : Long.MAX_VALUE; // nobody's: stopped after the authorisation check
        }
        if ((type == long.class || type == Long.class) && name.equals("tenantId")) {
            return owningTenant;
        }
        if (type == int.class && name.equals("offset")) {
            return 0;
        }
        if (type == int.class && name.equals("limit")) {
            return 100;
        }
        if (type == ReplicaFilter.class) {
            return ReplicaFilter.none();
        }
        if (type == List.class && name.equals("sorts")) {
            return List.<ReplicaSort>of();
        }
        if (type == TaskFilter.class) {
            return new TaskFilter(owningTenant, null, null, null);
        }
        if (type == FailoverRequest.class) {
            // A restore point of another replica: pre-flight blocks it after the authorisation check.
            return new FailoverRequest(List.of(new FailoverRequest.VmChoice(ownedReplica.id(), otherReplicasPoint.id())), true);
        }
        if (type == io.lifeboat.drill.DrillRequest.class) {
            // A restore point of another replica: the drill's checks stop it after the authorisation check.
            return new io.lifeboat.drill.DrillRequest(List.of(new io.lifeboat.drill.DrillRequest.VmChoice(ownedReplica.id(), otherReplicasPoint.id())),
                    java.time.Duration.ofHours(8));
        }
        if (type == io.lifeboat.drillschedule.DrillScheduleRequest.class) {
            // Not a cron expression: the schedule's checks stop it after the authorisation check.
            return new io.lifeboat.drillschedule.DrillScheduleRequest("authorisation matrix", List.of(
                    new io.lifeboat.drillschedule.DrillScheduleRequest.VmChecks(ownedReplica.id(), List.of())), java.time.Duration.ofHours(1));
        }
        if ((type == long.class || type == Long.class) && (name.equals("drillId") || name.equals("scheduleId"))) {
            return Long.MAX_VALUE; // nobody's: see the drill rules
        }
        if (type == io.lifeboat.tasks.Figure.class) {
            return io.lifeboat.tasks.Figure.TIME_TO_REACHABLE_MS;
        }
        if (type == String.class && name.equals("claimedSha256")) {
            return null; // the hash taken at the drill's end
        }
        if (type == String.class && name.equals("subject")) {
            return null; // every subject: each caller sees only their own tenant's figures (the provider every tenant's)
        }
        if (type == TaskType.class) {
            return TaskType.CLOUD_FAILOVER;
        }
        if (type == int.class && name.equals("days")) {
            return 14;
        }
        if (type == java.time.Duration.class) {
            return java.time.Duration.ofHours(1);
        }
        if (type == FailbackTarget.class) {
            return FailbackTarget.original();
        }
        if ((type == long.class || type == Long.class) && (name.equals("tokenId") || name.equals("endpointId"))) {
            return Long.MAX_VALUE; // nobody's (see Rule.OWN_OBJECTS_ONLY)
        }
        if (type == String.class && name.equals("name")) {
            return "authorisation matrix probe";
        }
        if (type == String.class && name.equals("presented")) {
            return "lb_not-a-token";
        }
        if (type == String.class && name.equals("username")) {
            return "acme-admin";
        }
        if (type == String.class && name.equals("url")) {
            return "http://127.0.0.1:9/authorisation-matrix";
        }
        if (type == io.lifeboat.automation.ApiTokenScope.class) {
            return io.lifeboat.automation.ApiTokenScope.READ;
        }
        if (type == boolean.class && name.equals("enabled")) {
            return true;
        }
        if (type == boolean.class && name.equals("keep")) {
            return false;
        }
        if (type == String.class && (name.equals("token"))) {
            return "nobodys-token";
        }
        if (type == String.class && (name.equals("password") || name.equals("presetToken"))) {
            return "";
        }
        if (type == String.class && name.equals("siteName")) {
            return io.lifeboat.lab.LabBootstrap.PROVIDER_SITE;
        }
        if (type == io.lifeboat.tenancy.Role.class) {
            return io.lifeboat.tenancy.Role.TENANT_VIEWER;
        }
        if (type == io.lifeboat.inventory.SiteForm.class) {
            return new io.lifeboat.inventory.SiteForm("matrix probe", "vc.example", "u", "p", null, null, null); // not a URL
        }
        if (type == io.lifeboat.administration.TenantForm.class) {
            return new io.lifeboat.administration.TenantForm(null, "Matrix!", "Matrix", 1, 512, null, null, null, null, List.of()); // no site
        }
        if (type == io.lifeboat.tenancy.NewUser.class) {
            return new io.lifeboat.tenancy.NewUser("Not A Name!", io.lifeboat.tenancy.Role.TENANT_VIEWER, "acme");
        }
        if (type == Set.class && name.equals("events")) {
            return Set.of(io.lifeboat.webhooks.WebhookEvent.values()[0]);
        }
        throw new AssertionError("The matrix has no argument for parameter " + name + " (" + type.getName() + ") of "
                + parameter.getDeclaringExecutable() + ": add one in argument()");
    }

    /**
     * A change to an account or a tenant (enable, role, reset, remove a network, keep a network's tenant NEA running):
     * called with a name or id that is nobody's, so a caller that passes the authorisation check changes nothing. Tenant
     * isolation of these is tested in ProviderAdministrationTest, TenantIsolationBrowserTest, NeaVmLifecycleTest and
     * ApiContractTest.
     */
    private static boolean changesAnAccountOrTenant(Parameter parameter) {
        String method = parameter.getDeclaringExecutable().getName();
        String owner = parameter.getDeclaringExecutable().getDeclaringClass().getSimpleName();
        return (owner.equals("UserAdministrationService") && parameter.getName().equals("username") && !method.equals("user"))
                || (owner.equals("TenantAdministrationService") && Set.of("setEnabled", "removeNetwork").contains(method)
                && Set.of("tenantId", "networkId").contains(parameter.getName()))
                || (owner.equals("ReplicaOverviewService") && method.equals("keepTenantNeaRunning") && parameter.getName().equals("networkId"));
    }

    /** Whether the call names one of the owning tenant's objects (then another tenant must get "not found"). */
    private static boolean touchesOwnedObject(Method method) {
        return Arrays.stream(method.getParameters()).anyMatch(p -> Set.of("replicaId", "taskId").contains(p.getName())
                || p.getType() == FailoverRequest.class || p.getType() == io.lifeboat.drill.DrillRequest.class
                || p.getType() == io.lifeboat.drillschedule.DrillScheduleRequest.class);
    }

    private Outcome call(Object bean, Method method, Caller caller) {
        Object[] args = Arrays.stream(method.getParameters()).map(this::argument).toArray();
        try {
            Object result = caller.username == null ? anonymously(() -> invoke(bean, method, args)) : as.call(caller.username, () -> invoke(bean, method, args));
            return Outcome.returned(String.valueOf(result), isEmpty(result));
        } catch (InvocationFailure failure) {
            Throwable cause = failure.getCause();
            if (cause instanceof AccessDeniedException || cause instanceof org.springframework.security.access.AccessDeniedException) {
                return Outcome.refused(cause.getMessage());
            }
            return Outcome.stopped(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    private static Object anonymously(java.util.function.Supplier<Object> work) {
        var previous = SecurityContextHolder.getContext();
        SecurityContextHolder.clearContext();
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    private static Object invoke(Object bean, Method method, Object[] args) {
        try {
            return method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            throw new InvocationFailure(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isEmpty(Object result) {
        return result instanceof Optional<?> optional ? optional.isEmpty()
                : result instanceof java.util.Collection<?> collection ? collection.isEmpty()
                : result instanceof Map<?, ?> map && map.isEmpty();
    }

    private static final class InvocationFailure extends RuntimeException {
        InvocationFailure(Throwable cause) {
            super(cause);
        }
    }

    // --- routes ---------------------------------------------------------------------------------------------------

    private static String loginSession(RawHttp client, Caller caller) throws Exception {
        String password = caller.username.startsWith("acme") ? "acme" : caller.username.startsWith("globex") ? "globex" : "provider";
        RawHttp.Response login = client.login(caller.username, password);
        assertThat(login.header("Location")).as(caller + " logs in").hasValueSatisfying(l -> assertThat(l).doesNotContain("/login"));
        return login.sessionCookie().orElseThrow();
    }

    /** An object of the owning tenant for routes with a parameter. */
    private Object routeParameter(Class<?> route) {
        return switch (path(route)) {
            case "replica" -> ownedReplica.id();
            case "tasks" -> ownedTask;
            default -> throw new AssertionError("The matrix has no parameter for route " + path(route) + ": add one in routeParameter()");
        };
    }

    /**
     * What the server renders when a browser navigates there: Vaadin's bootstrap ({@code v-r=init}), then the
     * navigation event the client sends, exactly as the browser does (server-side routing decides access there).
     */
    private static String navigate(RawHttp browser, String session, String location) throws Exception {
        Map<String, String> cookie = session == null ? Map.of() : Map.of("Cookie", session);
        RawHttp.Response init = browser.get("/?v-r=init&location=" + location, cookie);
        if (init.status() != 200) {
            return "HTTP " + init.status() + " " + init.header("Location").orElse("");
        }
        Map<String, String> uidlHeaders = new java.util.HashMap<>(cookie);
        if (session == null) {
            uidlHeaders.put("Cookie", init.sessionCookie().orElseThrow());
        }
        uidlHeaders.put("Content-Type", "application/json; charset=UTF-8");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(init.body());
        String uiId = json.at("/appConfig/v-uiId").asText();
        String securityKey = json.at("/appConfig/uidl/Vaadin-Security-Key").asText();
        String navigation = "{\"csrfToken\":\"" + securityKey + "\",\"rpc\":[{\"type\":\"event\",\"node\":1,\"event\":\"ui-navigate\","
                + "\"data\":{\"route\":\"" + location + "\",\"query\":\"\",\"appShellTitle\":\"\",\"historyState\":{\"idx\":0},\"trigger\":\"\"}}],"
                + "\"syncId\":0,\"clientId\":0}";
        RawHttp.Response page = browser.send("POST", "/?v-r=uidl&v-uiId=" + uiId, uidlHeaders, navigation);
        return "HTTP " + page.status() + " " + page.body();
    }

    /** A page is shown when its own title is rendered; the login page, an error view or a redirect is a refusal. */
    private static Outcome pageOutcome(Class<?> route, String page) {
        String text = page;
        PageTitle title = route.getAnnotation(PageTitle.class);
        boolean shown = !text.startsWith("HTTP 3") && (title != null ? text.contains(title.value())
                : text.startsWith("HTTP 200") && !text.contains("Could not navigate") && !text.contains("Log in · Lifeboat"));
        return shown ? Outcome.returned(text, false) : Outcome.refused(abbreviate(text));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    // --- verdicts -------------------------------------------------------------------------------------------------

    /** What a call did: refused (authorisation), stopped (a business rule, after authorisation), or returned. */
    record Outcome(Kind kind, String text, boolean empty) {

        enum Kind { REFUSED, STOPPED, RETURNED }

        static Outcome refused(String text) {
            return new Outcome(Kind.REFUSED, text, true);
        }

        static Outcome stopped(String text) {
            return new Outcome(Kind.STOPPED, text, true);
        }

        static Outcome returned(String text, boolean empty) {
            return new Outcome(Kind.RETURNED, text, empty);
        }
    }

    private final class Verdicts {

        private final List<String> leaks = new ArrayList<>();
        private final List<String> overRefusals = new ArrayList<>();
        private int cells;

        void check(String what, Rule rule, Caller caller, Outcome outcome, boolean namesOwnedObject) {
            cells++;
            String cell = what + " as " + caller + " (" + rule + "): " + outcome.kind() + " " + abbreviate(outcome.text());
            if (caller == Caller.OTHER_TENANT_OPERATOR && rule.allowed.contains(caller)) {
                if (mentionsOwner(outcome.text())) {
                    leaks.add(cell + " [shows the other tenant's names]");
                } else if (rule == Rule.TENANT_OPERATOR && namesOwnedObject && outcome.kind() == Outcome.Kind.RETURNED) {
                    leaks.add(cell + " [acted on the other tenant's object]");
                }
                return;
            }
            boolean allowed = rule.allowed.contains(caller);
            if (!allowed && outcome.kind() != Outcome.Kind.REFUSED) {
                leaks.add(cell);
            } else if (allowed && outcome.kind() == Outcome.Kind.REFUSED) {
                overRefusals.add(cell);
            }
        }

        private boolean mentionsOwner(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            return ownersNames.stream().anyMatch(name -> lower.contains(name.toLowerCase(Locale.ROOT)));
        }

        void report(String subject) {
            System.out.printf("Authorisation matrix (%s, %d callers): %d cells, %d leaks, %d over-refusals%n",
                    subject, Caller.values().length, cells, leaks.size(), overRefusals.size());
            assertThat(leaks).as("leaks").isEmpty();
            assertThat(overRefusals).as("allowed callers refused").isEmpty();
        }
    }

    static String describe(Map<String, Rule> rules) {
        return rules.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
