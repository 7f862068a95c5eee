package dev.tally.control.security;

import java.util.List;
import java.util.Optional;
import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** API tokens, by hash and by user. */
interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findByTokenHash(String tokenHash);

    List<ApiToken> findByUserUsernameOrderByIdDesc(String username);

    List<ApiToken> findAllByOrderByIdDesc();

    /** Sets when token {@code id} was last used (a single update, without loading it). */
    @Modifying
    @Query("update ApiToken t set t.lastUsedAt = :at where t.id = :id")
    int used(long id, Instant at);
}
