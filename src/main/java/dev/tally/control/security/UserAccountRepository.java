package dev.tally.control.security;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** The users, by name. */
interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    Optional<UserAccount> findByUsername(String username);
}
