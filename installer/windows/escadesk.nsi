; escadesk's Windows installer (NSIS 3): a per-user install, no administrator rights.
;
; Built by installer/build.py from the PyInstaller bundle folder:
;   makensis -DVERSION=0.1.0 -DVI_VERSION=0.1.0.0 -DSOURCE_DIR=dist\escadesk
;            -DOUTFILE=escadesk-0.1.0-setup.exe [-DICON=escadesk.ico] [-DAPP_EXE=escadesk.exe]
;            installer\windows\escadesk.nsi
;
; - Installs into %LOCALAPPDATA%\Programs\escadesk (the per-user programs folder), with a
;   Start-menu shortcut and, if ticked, a desktop shortcut.
; - Registers in Add/Remove Programs under HKCU with its version, size and publisher.
; - An update installs over the old version; the program folder is replaced, the data is not.
; - The uninstaller removes the program and its shortcuts, and keeps the director's data
;   (%LOCALAPPDATA%\escadesk: workshops, card vault, backups, settings; the folder
;   escadesk.app.default_data_dir gives on Windows) unless its box is ticked.

Unicode true
ManifestDPIAware true

!include "MUI2.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "Pass the version: makensis -DVERSION=0.1.0 ..."
!endif
!ifndef VI_VERSION
  !define VI_VERSION "${VERSION}.0"
!endif
!ifndef SOURCE_DIR
  !error "Pass the bundle folder: makensis -DSOURCE_DIR=dist\escadesk ..."
!endif
!ifndef OUTFILE
  !define OUTFILE "escadesk-${VERSION}-setup.exe"
!endif
!ifndef APP_EXE
  !define APP_EXE "escadesk.exe"
!endif

!define APP_NAME "escadesk"
!define PUBLISHER "Institute for Competitiveness & Prosperity"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"
; platformdirs.user_data_path("escadesk", appauthor=False, roaming=False) on Windows.
!define DATA_DIR "$LOCALAPPDATA\${APP_NAME}"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VI_VERSION}"
VIAddVersionKey "ProductName" "${APP_NAME}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${APP_NAME} installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "© ${PUBLISHER}"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

; -- install -----------------------------------------------------------------------------

Section "${APP_NAME}" SecApp
  SectionIn RO
  SetShellVarContext current
  ; An update: the old program files go first (a stale library must not linger); the data
  ; folder is elsewhere and untouched.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section /o "Desktop shortcut" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "The escadesk program and its Start-menu shortcut."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "A shortcut to escadesk on the desktop."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; -- uninstall ---------------------------------------------------------------------------

Section "un.${APP_NAME}" UnSecApp
  SectionIn RO
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only what the installer put there: never a recursive delete of the chosen folder.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

Section /o "un.Also delete my escadesk data" UnSecData
  ; Workshops, registrations, the card vault, backups and settings.
  RMDir /r "${DATA_DIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecApp} "Remove the escadesk program and its shortcuts. Your data is kept."
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "Also delete your workshops, the card vault, backups and settings in ${DATA_DIR}. This cannot be undone."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
