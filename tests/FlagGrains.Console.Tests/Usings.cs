global using FlagGrains.AdminConsole.Tests.TestSupport;
