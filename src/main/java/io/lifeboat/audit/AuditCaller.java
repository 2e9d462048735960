package io.lifeboat.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where the current action comes from: the client's address and the credential it used. API authentications describe
 * themselves in their details ("API token lb_1a2b3c4d"); a portal session is named by a hash of its id, so the log
 * links a session's actions without holding a usable session id.
 */
record AuditCaller(String sourceIp, String credential) {

    static AuditCaller current() {
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
        String ip = request == null ? "-" : request.getRemoteAddr();
        return new AuditCaller(ip, credential(request));
    }

    private static String credential(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getDetails() instanceof String described) {
            return described;
        }
        HttpSession session = request == null ? null : request.getSession(false);
        if (session != null) {
            return "session " + AuditChain.sha256(session.getId()).substring(0, 12);
        }
        return authentication == null ? "-" : "in-process";
    }
}
