using FlagGrains.Domain.Access;
using FlagGrains.Persistence;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// <c>FlagGrains.Silo admin reset-token [--output FILE]</c>: break-glass recovery when no admin token works. Needs only
/// the database (the silo's configuration): it records the hash of a new admin-role token, which the silos apply
/// within seconds (or at their next start) and audit as <c>token.recover</c>. The token is shown on a terminal, or
/// written to an owner-only file with <c>--output</c>; never to a log.
/// </summary>
public static class ResetTokenCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var outputIndex = Array.IndexOf(args, "--output");
        var output = outputIndex >= 0 && outputIndex + 1 < args.Length ? args[outputIndex + 1] : null;
        if (outputIndex >= 0 && output is null)
        {
            await Console.Error.WriteLineAsync("admin reset-token: --output needs a file path.");
            return 1;
        }

        if (output is null && Console.IsOutputRedirected)
        {
            await Console.Error.WriteLineAsync(
                "admin reset-token: standard output is not a terminal (it may be a log); pass --output FILE to receive the token in a file only you can read.");
            return 1;
        }

        var settings = outputIndex >= 0 ? args.Where((_, i) => i != outputIndex && i != outputIndex + 1).ToArray() : args;
        var storage = CommandConfiguration.Storage(settings);
        var (_, token) = ApiKeyFormat.CreateAdmin();
        var request = new AdminRecoveryRequest(Guid.NewGuid().ToString("N"), ApiKeyFormat.Sha256Hex(token), $"{Environment.UserName}@{Environment.MachineName}");
        try
        {
            var status = await new SchemaMigrator().GetStatusAsync(storage.Kind, storage.ResolveConnectionString());
            if (status.IsBehind)
            {
                await Console.Error.WriteLineAsync($"admin reset-token: the {storage.Kind} schema is at version {status.CurrentVersion}, this build needs {status.ExpectedVersion}; run `FlagGrains.Silo migrate` first.");
                return 1;
            }

            // The file first: a request is never stored for a token nobody can read.
            if (output is not null) await OwnerOnlyFile.WriteNewAsync(output, token + Environment.NewLine);
            await new AdminRecoveryRequests(storage.Kind, storage.ResolveConnectionString()).RequestAsync(request);
        }
        catch (Exception ex) when (ex is SchemaMigrationException or InvalidOperationException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            if (output is not null) File.Delete(output);
            await Console.Error.WriteLineAsync($"admin reset-token failed: {ex.Message}");
            return 1;
        }

        if (output is null) Console.WriteLine(token);
        await Console.Error.WriteLineAsync(
            $"Requested break-glass admin token recovery-{request.RecoveryId}{(output is null ? "" : $" (written to {Path.GetFullPath(output)})")}. " +
            $"Running silos activate it within {AdminRecoveryService.Interval.TotalSeconds:0} s, others when they start; it is recorded in the admin audit log. " +
            "Revoke it once you have created a regular admin token.");
        return 0;
    }
}
