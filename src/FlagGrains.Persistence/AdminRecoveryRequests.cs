using FlagGrains.Persistence.Internal;

namespace FlagGrains.Persistence;

/// <summary>
/// Break-glass admin recovery requests in <c>flaggrains_admin_recovery</c>: written by <c>admin reset-token</c> with
/// database access, applied by the silos (see the admin directory grain), then marked applied.
/// </summary>
public sealed class AdminRecoveryRequests(DatabaseKind kind, string connectionString)
{
    public async Task RequestAsync(AdminRecoveryRequest request, CancellationToken cancellationToken = default)
    {
        await using var connection = PlainConnections.Create(kind, connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = PlainConnections.Command(connection,
            "INSERT INTO flaggrains_admin_recovery (recovery_id, token_sha256, requested_by) VALUES (@id, @hash, @by)",
            ("id", request.RecoveryId), ("hash", request.TokenSha256Hex), ("by", request.RequestedBy));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AdminRecoveryRequest>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = PlainConnections.Create(kind, connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = PlainConnections.Command(connection,
            "SELECT recovery_id, token_sha256, requested_by FROM flaggrains_admin_recovery WHERE applied_at IS NULL ORDER BY requested_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<AdminRecoveryRequest>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new AdminRecoveryRequest(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return pending;
    }

    public async Task MarkAppliedAsync(string recoveryId, CancellationToken cancellationToken = default)
    {
        await using var connection = PlainConnections.Create(kind, connectionString);
        await connection.OpenAsync(cancellationToken);
        var now = kind == DatabaseKind.PostgreSql ? "now()" : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
        await using var command = PlainConnections.Command(connection,
            $"UPDATE flaggrains_admin_recovery SET applied_at = {now} WHERE recovery_id = @id AND applied_at IS NULL",
            ("id", recoveryId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>One request: the SHA-256 of the new token (never the token) and who asked, for the audit log.</summary>
public sealed record AdminRecoveryRequest(string RecoveryId, string TokenSha256Hex, string RequestedBy);
