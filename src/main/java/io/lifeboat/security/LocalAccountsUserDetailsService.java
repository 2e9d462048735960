package io.lifeboat.security;

import io.lifeboat.tenancy.TenancyService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

@Service
class LocalAccountsUserDetailsService implements UserDetailsService {

    private final TenancyService tenancy;

    LocalAccountsUserDetailsService(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return tenancy.findAccount(username)
                .map(account -> new LifeboatUser(account.context(), account.passwordHash(), account.enabled()))
                .orElseThrow(() -> new UsernameNotFoundException("No local account " + username));
    }
}
