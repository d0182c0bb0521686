# Debian packages, made with CPack (cmake --build build --target package):
#   frontdoor            the kiosk, frontdoor-admin, icons, translations, the
#                        sample catalogue, the configuration, systemd units,
#                        a udev rule for the backlight
#   frontdoor-collector  the city's collector and its unit
# (CPack indents the description's lines after the first itself.)
# Library dependencies are derived by dpkg-shlibdeps; only what no binary
# links (the fonts, adduser for the maintainer scripts) is named here.

set(FRONTDOOR_PACKAGE_VERSION "${PROJECT_VERSION}" CACHE STRING
    "Version of the Debian packages (another only to test an upgrade)")
set(FD_CONTACT "Frontdoor developers <maintainers@users.noreply.r-seed-4ed3b6fb.example>")

# Debian wants the changelog compressed, reproducibly.
find_program(GZIP gzip REQUIRED)
set(FD_CHANGELOG_GZ ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
add_custom_command(OUTPUT ${FD_CHANGELOG_GZ}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/packaging
  COMMAND ${GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/packaging/changelog > ${FD_CHANGELOG_GZ}
  DEPENDS ${PROJECT_SOURCE_DIR}/packaging/changelog)
add_custom_target(changelog ALL DEPENDS ${FD_CHANGELOG_GZ})

# Manual pages from each program's --help, when help2man is there
# (scripts/deps installs it).
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(FD_MAN_PAGES)
  foreach(prog_comp "frontdoor:kiosk:touchscreen kiosk to find local services"
                    "frontdoor-admin:kiosk:the kiosk's staff command line"
                    "frontdoor-collector:collector:collector of the kiosks' usage reports")
    string(REPLACE ":" ";" parts "${prog_comp}")
    list(GET parts 0 prog)
    list(GET parts 1 comp)
    list(GET parts 2 what)
    set(page ${PROJECT_BINARY_DIR}/man/${prog}.1)
    add_custom_command(OUTPUT ${page}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr -n "${what}" -o ${page} $<TARGET_FILE:${prog}>
      COMMAND ${GZIP} -9 -n -f ${page}
      DEPENDS ${prog}
      COMMENT "help2man ${prog}"
      VERBATIM)
    list(APPEND FD_MAN_PAGES ${page}.gz)
    install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${comp})
  endforeach()
  add_custom_target(man ALL DEPENDS ${FD_MAN_PAGES})
else()
  message(STATUS "help2man not found: the packages will have no manual pages")
endif()

# The pseudo-locale qps is Frontdoor's own, for checking layouts.
install(FILES packaging/deb/frontdoor/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME frontdoor COMPONENT kiosk)

set(FD_UNITS /lib/systemd/system)
install(FILES packaging/systemd/frontdoor.service packaging/systemd/frontdoor-out-of-order.service
              packaging/systemd/frontdoor-sync.service packaging/systemd/frontdoor-sync.timer
        DESTINATION ${FD_UNITS} COMPONENT kiosk)
install(FILES packaging/systemd/frontdoor-collector.service
        DESTINATION ${FD_UNITS} COMPONENT collector)
install(FILES packaging/udev/70-frontdoor-backlight.rules DESTINATION /lib/udev/rules.d
        COMPONENT kiosk)
install(FILES packaging/frontdoor-collector.default DESTINATION /etc/default
        RENAME frontdoor-collector COMPONENT collector)
foreach(pkg_comp frontdoor:kiosk frontdoor-collector:collector)
  string(REPLACE ":" ";" pair ${pkg_comp})
  list(GET pair 0 pkg)
  list(GET pair 1 comp)
  install(FILES packaging/copyright README.md ${FD_CHANGELOG_GZ}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${comp})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME frontdoor)
set(CPACK_PACKAGE_VERSION ${FRONTDOOR_PACKAGE_VERSION})
set(CPACK_PACKAGE_CONTACT "${FD_CONTACT}")
set(CPACK_PACKAGE_VENDOR "Frontdoor developers")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk collector)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME frontdoor)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "fonts-noto-core, adduser")
set(CPACK_COMPONENT_KIOSK_DESCRIPTION
"touchscreen kiosk to find local services in one's own language
Frontdoor is an offline-first, full-screen kiosk for community centres.
Residents and newcomers find welfare, mental-health, addiction, housing,
integration, youth, victim-support and digital-literacy services in their
own language and script, in plain words, with a quick exit that leaves
nothing behind. Staff update the service catalogue without a network.
.
This package holds the kiosk (run by systemd on the console with KMSDRM),
frontdoor-admin, the sample catalogue and the configuration.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/deb/frontdoor/postinst
    ${PROJECT_SOURCE_DIR}/packaging/deb/frontdoor/prerm
    ${PROJECT_SOURCE_DIR}/packaging/deb/frontdoor/postrm
    ${PROJECT_SOURCE_DIR}/packaging/deb/frontdoor/conffiles)

set(CPACK_DEBIAN_COLLECTOR_PACKAGE_NAME frontdoor-collector)
set(CPACK_DEBIAN_COLLECTOR_PACKAGE_DEPENDS "adduser")
set(CPACK_COMPONENT_COLLECTOR_DESCRIPTION
"collector of Frontdoor kiosks' anonymised usage reports
Frontdoor kiosks send signed daily reports of anonymised usage counts.
This server receives them over HTTPS, checks each kiosk's signature,
stores them in SQLite or PostgreSQL exactly once, and publishes weekly
and monthly totals by group with small counts suppressed.")
set(CPACK_DEBIAN_COLLECTOR_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/deb/frontdoor-collector/postinst
    ${PROJECT_SOURCE_DIR}/packaging/deb/frontdoor-collector/prerm
    ${PROJECT_SOURCE_DIR}/packaging/deb/frontdoor-collector/postrm
    ${PROJECT_SOURCE_DIR}/packaging/deb/frontdoor-collector/conffiles)

include(CPack)
