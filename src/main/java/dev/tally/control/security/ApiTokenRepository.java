package dev.tally.control.security;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** API tokens, by hash and by user. */
interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findByTokenHash(String tokenHash);

    List<ApiToken> findByUserUsernameOrderByIdDesc(String username);

    List<ApiToken> findAllByOrderByIdDesc();
}
