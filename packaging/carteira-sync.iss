; Inno Setup 6 recipe: a per-user (or all-users) Windows installer for the one-folder app that
; packaging/carteira-sync.spec builds. On Windows, from the repository root:
;   .venv\Scripts\pyinstaller --noconfirm packaging\carteira-sync.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\carteira-sync.iss
; -> dist\carteira-sync-0.1.0-setup.exe. Paths below are relative to this file.
; The user's data (database, settings, logs) lives in the user folders, not in {app}: an uninstall or an
; upgrade leaves it alone. The Odoo password stays in the Windows Credential Manager.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{BCB08935-F369-492B-8F0E-988378BB8521}
AppName=Carteira Sync
AppVersion={#AppVersion}
AppVerName=Carteira Sync {#AppVersion}
DefaultDirName={autopf}\Carteira Sync
DefaultGroupName=Carteira Sync
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=carteira-sync-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; PySide6 and the Python runtime are 64-bit.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; No administrator needed (installs under %LOCALAPPDATA%\Programs); the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
UninstallDisplayIcon={app}\carteira-gui.exe
CloseApplications=yes

[Languages]
Name: "brazilianportuguese"; MessagesFile: "compiler:Languages\BrazilianPortuguese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole folder: carteira-gui.exe (the window), carteira-sync.exe (the command) and _internal\.
Source: "..\dist\carteira-sync\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the runtime whole (a module left from an older version must not be imported).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Carteira Sync"; Filename: "{app}\carteira-gui.exe"
Name: "{group}\Carteira Sync (demonstração)"; Filename: "{app}\carteira-gui.exe"; Parameters: "--demo"
Name: "{autodesktop}\Carteira Sync"; Filename: "{app}\carteira-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\carteira-gui.exe"; Parameters: "--demo"; Description: "Abrir a demonstração"; Flags: nowait postinstall skipifsilent unchecked
