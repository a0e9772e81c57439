// The console's only script: circuit readiness for tests, and native modal dialogs (focus kept inside, Escape cancels).
window.flagGrainsConsole = {
  ready() {
    document.documentElement.setAttribute('data-circuit', 'ready');
  },
  showModal(dialog, dotnet) {
    if (!dialog || dialog.open) return;
    dialog.addEventListener('cancel', (event) => {
      // Blazor decides whether the dialog closes: Escape is routed to Cancel, never dropped on the floor.
      event.preventDefault();
      dotnet.invokeMethodAsync('EscapePressed');
    });
    dialog.showModal();
  },
};
