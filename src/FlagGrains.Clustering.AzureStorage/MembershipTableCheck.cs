using Azure;
using Azure.Data.Tables;
using Azure.Identity;

namespace FlagGrains.Clustering.AzureStorage;

/// <summary>
/// Does every kind of table operation a silo's membership needs (create the table if it is missing, write, read and
/// delete a row) before the silo starts. Orleans would otherwise find a bad setting only inside its own start, after
/// the SDK's retries, as a stack trace. An unreachable service is retried until
/// <see cref="AzureStorageMembershipOptions.StartupCheckTimeout"/>; a refusal (bad credentials, missing permission) is final.
/// </summary>
public static class MembershipTableCheck
{
    /// <summary>A partition no cluster uses (cluster ids are partitions), so the probe row never joins a membership view.</summary>
    private const string ProbePartition = "flaggrains-startup-check";

    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    /// <summary>Null when the table service allowed every operation; otherwise one line saying what is wrong.</summary>
    /// <param name="waiting">Told, once, why the check keeps trying (the first transient failure).</param>
    public static async Task<string?> ProblemAsync(AzureStorageMembershipOptions options, Action<string>? waiting = null, CancellationToken cancellationToken = default)
    {
        if (options.Problems() is { Count: > 0 } problems) return string.Join(" ", problems);

        var service = MembershipTableService.Create(options, retries: 0);
        var where = $"the Azure table service at {MembershipTableService.Endpoint(service)}";
        var setting = AzureStorageMembershipOptions.Section + (options.ServiceUri is null ? ":ConnectionString" : ":ServiceUri");
        var table = service.GetTableClient(options.TableName);
        var deadline = options.StartupCheckTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        var step = "";
        var unavailable = $"{where} did not answer";
        var toldWaiting = false;
        while (true)
        {
            try
            {
                step = "create the table";
                await table.CreateIfNotExistsAsync(timeout.Token);
                var probe = new TableEntity(ProbePartition, $"{Environment.MachineName}-{Guid.NewGuid():N}");
                step = "write a row in";
                await table.UpsertEntityAsync(probe, TableUpdateMode.Replace, timeout.Token);
                step = "read a row of";
                await table.GetEntityAsync<TableEntity>(probe.PartitionKey, probe.RowKey, cancellationToken: timeout.Token);
                step = "delete a row of";
                await table.DeleteEntityAsync(probe.PartitionKey, probe.RowKey, ETag.All, timeout.Token);
                return null;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Unavailable(unavailable, deadline, setting);
            }
            catch (Exception ex) when (LastAttempt(ex) is RequestFailedException failed)
            {
                if (!IsTransient(failed)) return Refused(failed, where, $"{step} '{options.TableName}'", setting);
                unavailable = failed.Status == 0
                    ? $"{where} is unreachable ({OneLine(failed.InnerException?.Message ?? failed.Message)})"
                    : $"{where} answered {failed.Status} {ErrorCode(failed)} when asked to {step} '{options.TableName}'";
                if (!toldWaiting) waiting?.Invoke(unavailable);
                toldWaiting = true;
            }
            catch (AuthenticationFailedException ex)
            {
                return $"no Azure credential could be obtained for {where} (DefaultAzureCredential: {OneLine(ex.Message)}); give this host a managed identity or a login, or set {AzureStorageMembershipOptions.Section}:ConnectionString.";
            }

            try
            {
                await Task.Delay(RetryPause, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Unavailable(unavailable, deadline, setting);
            }
        }
    }

    private static string Unavailable(string what, TimeSpan deadline, string setting) =>
        $"{what}, still after {deadline.TotalSeconds:0} s; check {setting} and that this host can reach the endpoint.";

    private static string Refused(RequestFailedException failed, string where, string action, string setting)
    {
        var code = ErrorCode(failed);
        return (failed.Status, code) switch
        {
            (401, _) or (403, "AuthenticationFailed" or "AuthorizationFailure") =>
                $"{where} rejected the credentials when asked to {action} ({failed.Status} {code}); check the account name and key or SAS in {setting}.",
            (403, _) =>
                $"the credentials in {setting} may not {action} ({failed.Status} {code}); membership needs to create its table and to read, add, update and delete rows in it.",
            _ => $"{where} refused to {action} ({failed.Status} {code}: {OneLine(failed.Message)}).",
        };
    }

    /// <summary>No answer at all (refused connection, unknown host, TLS failure), a timeout, throttling or a server error.</summary>
    private static bool IsTransient(RequestFailedException failed) => failed.Status is 0 or 408 or 429 or >= 500;

    /// <summary>The SDK reports exhausted retries as an AggregateException of every attempt; the last one is the verdict.</summary>
    private static Exception LastAttempt(Exception ex) => ex is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[^1] : ex;

    /// <summary>The service's error code; some answers (Azurite's XML ones) carry it in the header only.</summary>
    private static string ErrorCode(RequestFailedException failed) =>
        failed.ErrorCode is { Length: > 0 } code ? code
        : failed.GetRawResponse()?.Headers.TryGetValue("x-ms-error-code", out var header) == true ? header ?? ""
        : "";

    /// <summary>SDK messages span lines (status, headers, content); a refusal is one log line.</summary>
    private static string OneLine(string message)
    {
        var first = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return first.Length <= 300 ? first : first[..300] + "…";
    }
}
