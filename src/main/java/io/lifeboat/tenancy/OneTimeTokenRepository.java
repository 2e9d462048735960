package io.lifeboat.tenancy;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface OneTimeTokenRepository extends JpaRepository<OneTimeToken, String> {

    List<OneTimeToken> findByPurposeAndUsername(OneTimeToken.Purpose purpose, String username);

    /** 1 if this call removed the token, 0 if it was gone: of two concurrent redeemers only one gets 1. */
    @Modifying
    @Query("delete from OneTimeToken t where t.tokenSha256 = :sha256")
    int deleteBySha256(@Param("sha256") String sha256);

    void deleteByPurpose(OneTimeToken.Purpose purpose);
}
